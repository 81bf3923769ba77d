import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SmartModuleKind } from "@freshet/smartmodule/record";

/**
 * The projects sm.e2e scaffolds whose `freshet sm build` is not what a test is about: the vitest
 * global setup builds them first (build-template-modules.ts), so the CLI finds them in the build
 * cache instead of paying a cold componentize-js start (~20 s of CPU) in every `freshet` process.
 * The filter template is left out: its build stays a real cold one.
 */
export const PREBUILT_PROJECTS: readonly { readonly name: string; readonly kind: SmartModuleKind }[] = [
  { name: "my-map", kind: "map" },
  { name: "my-filter-map", kind: "filter-map" },
  { name: "my-array-map", kind: "array-map" },
  { name: "my-aggregate", kind: "aggregate" },
  { name: "taken", kind: "filter" },
];

/**
 * A new folder for SmartModule projects, one level under the temporary directory. The build key
 * covers the bundled source, whose comments name files relative to the project's src/; projects of
 * the same name in any two such folders therefore share their cache entry.
 */
export function newProjectsFolder(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
