import { buildSmartModule } from "../build/build-module.js";
import { moduleLanguage } from "../build/language.js";
import { allTestModulePaths, quickJsTestModulePaths } from "./test-modules.js";

/**
 * vitest global setup: builds every example and hostile module once per run, one
 * after another (a cold build takes ~800 MB and seconds; several at once would
 * starve the machine). Builds land in the content cache, so tests that build the
 * same module get a cache hit in milliseconds. A module that fails to build is
 * only reported here: the tests that use it fail with the same error, and the
 * rest of the suite still runs.
 */
export default async function buildTestModules(): Promise<void> {
  const builds = [...allTestModulePaths().map((path) => [path, "starlingmonkey"] as const), ...quickJsTestModulePaths().map((path) => [path, "quickjs"] as const)];
  for (const [path, engine] of builds) {
    try {
      const built = await buildSmartModule(path, undefined, engine);
      // An AssemblyScript module is compiled by asc whatever JS engine is asked for.
      const toolchain = (await moduleLanguage(path)) === "assemblyscript" ? "asc" : engine;
      if (!built.fromCache) console.log(`[smartmodule] built ${path} with ${toolchain} in ${Math.round(built.ms)} ms`);
    } catch (cause) {
      console.error(`[smartmodule] cannot build ${path}: ${(cause as Error).message}`);
    }
  }
}
