import { buildSmartModule } from "../build/build-module.js";
import { allTestModulePaths } from "./test-modules.js";

/**
 * vitest global setup: builds every example and hostile module once per run, one
 * after another (a cold build takes ~800 MB and seconds; several at once would
 * starve the machine). Builds land in the content cache, so tests that build the
 * same module get a cache hit in milliseconds.
 */
export default async function buildTestModules(): Promise<void> {
  for (const path of allTestModulePaths()) {
    const built = await buildSmartModule(path);
    if (!built.fromCache) console.log(`[smartmodule] built ${path} in ${Math.round(built.ms)} ms`);
  }
}
