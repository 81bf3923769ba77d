import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The example modules in packages/smartmodule/examples, one per kind (json-filter and regex-filter are both filters). */
export const EXAMPLES = ["json-filter", "pii-mask", "regex-filter", "array-explode", "running-sum", "field-extract"] as const;
export type ExampleName = (typeof EXAMPLES)[number];

/** Modules that misbehave on purpose, in packages/smartmodule/test-fixtures/hostile. */
export const HOSTILE_MODULES = ["infinite-loop", "memory-bomb", "trap"] as const;
export type HostileModuleName = (typeof HOSTILE_MODULES)[number];

/** The folder of an example (package.json, README.md, records.jsonl, src/). */
export function exampleDir(name: ExampleName): string {
  return resolve(packageRoot, "examples", name);
}

/** The entry point of an example, as buildSmartModule takes it. */
export function examplePath(name: ExampleName): string {
  return resolve(exampleDir(name), "src/index.ts");
}

export function hostilePath(name: HostileModuleName): string {
  return resolve(packageRoot, "test-fixtures/hostile", `${name}.ts`);
}

/** Every module the global setup builds with StarlingMonkey, so tests only ever see cache hits. */
export function allTestModulePaths(): string[] {
  return [...EXAMPLES.map(examplePath), ...HOSTILE_MODULES.map(hostilePath)];
}

/** The example the QuickJS tests run: a map, so text goes through QuickJS's UTF-8 polyfill both ways. */
export const QUICKJS_EXAMPLE: ExampleName = "pii-mask";

/** What the global setup also builds with QuickJS (a few seconds each): the hostile modules and one example. */
export function quickJsTestModulePaths(): string[] {
  return [examplePath(QUICKJS_EXAMPLE), ...HOSTILE_MODULES.map(hostilePath)];
}
