import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Shared lint rules: typescript-eslint's recommended set plus the house rules below. */
export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", "**/.next/**", "**/*.d.ts"] },
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
    files: ["**/*.test.ts", "**/scripts/**", "bench/**", "**/test/**", "**/test-support/**"],
    rules: { "no-console": "off" },
  },
);
