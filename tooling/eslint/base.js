import { join } from "node:path";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Sources and tests that a typecheck program covers: the type-aware rules below run on these. */
const typedFiles = ["apps/*/src/**/*.{ts,tsx}", "apps/*/test/**/*.ts", "packages/*/src/**/*.ts", "bench/src/**/*.ts"];

/** Shared lint rules: typescript-eslint's recommended set plus the house rules. */
export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", "**/.next/**", "**/*.d.ts", "**/src/generated/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "error",
    },
  },
  {
    files: typedFiles,
    languageOptions: {
      parserOptions: {
        // The test configs, not the build ones: they also hold the tests, with sibling packages as sources.
        // The root one covers every Node package in one program; a program per package would re-read the
        // siblings each imports.
        project: ["tsconfig.test.json", "packages/smartmodule/tsconfig.test.json", "apps/console/tsconfig.json", "apps/console/test/tsconfig.json"],
        tsconfigRootDir: join(import.meta.dirname, "../.."),
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unsafe-assignment": "error",
      "@typescript-eslint/no-unsafe-call": "error",
      "@typescript-eslint/no-unsafe-member-access": "error",
      "@typescript-eslint/no-unsafe-return": "error",
      "@typescript-eslint/no-unsafe-argument": "error",
    },
  },
  {
    // AssemblyScript sources: TypeScript syntax, but asc cannot parse `type` modifiers on imports.
    files: ["packages/smartmodule/*assemblyscript/**/*.ts"],
    rules: { "@typescript-eslint/consistent-type-imports": "off" },
  },
  {
    files: ["**/*.test.ts", "**/scripts/**", "bench/**", "**/test/**", "**/test-support/**"],
    rules: { "no-console": "off" },
  },
  {
    // Vitest types its asymmetric matchers (expect.any, objectContaining, stringMatching) as any, so every
    // expected object that uses one reads as an unsafe assignment.
    files: ["**/*.test.ts"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
  },
);
