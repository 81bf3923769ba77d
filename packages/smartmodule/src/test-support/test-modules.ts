import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ModuleLanguage } from "../build/language.js";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The example modules in packages/smartmodule/examples, one per kind (json-filter and regex-filter are both filters). */
export const EXAMPLES = ["json-filter", "pii-mask", "regex-filter", "array-explode", "running-sum", "field-extract"] as const;
export type ExampleName = (typeof EXAMPLES)[number];

/** Modules that misbehave on purpose, in packages/smartmodule/test-fixtures/hostile (and hostile-assemblyscript). */
export const HOSTILE_MODULES = ["infinite-loop", "memory-bomb", "trap"] as const;
export type HostileModuleName = (typeof HOSTILE_MODULES)[number];

/** Guest languages: every example and hostile module exists in each, with the same behaviour. */
export const LANGUAGES = ["typescript", "assemblyscript"] as const satisfies readonly ModuleLanguage[];

/** The folder of an example (package.json, README.md, records.jsonl, src/); the AssemblyScript ports sit in examples-assemblyscript. */
export function exampleDir(name: ExampleName, language: ModuleLanguage = "typescript"): string {
  return resolve(packageRoot, language === "typescript" ? "examples" : "examples-assemblyscript", name);
}

/** The entry point of an example, as buildSmartModule takes it. */
export function examplePath(name: ExampleName, language: ModuleLanguage = "typescript"): string {
  return resolve(exampleDir(name, language), "src/index.ts");
}

export function hostilePath(name: HostileModuleName, language: ModuleLanguage = "typescript"): string {
  return resolve(packageRoot, language === "typescript" ? "test-fixtures/hostile" : "test-fixtures-assemblyscript/hostile", `${name}.ts`);
}

/** Every module the global setup builds with StarlingMonkey, so tests only ever see cache hits. */
export function allTestModulePaths(): string[] {
  return LANGUAGES.flatMap((language) => [...EXAMPLES.map((name) => examplePath(name, language)), ...HOSTILE_MODULES.map((name) => hostilePath(name, language))]);
}

/** The example the QuickJS tests run: a map, so text goes through QuickJS's UTF-8 polyfill both ways. */
export const QUICKJS_EXAMPLE: ExampleName = "pii-mask";

/** What the global setup also builds with QuickJS (a few seconds each): the hostile modules and one example. */
export function quickJsTestModulePaths(): string[] {
  return [examplePath(QUICKJS_EXAMPLE), ...HOSTILE_MODULES.map((name) => hostilePath(name))];
}
