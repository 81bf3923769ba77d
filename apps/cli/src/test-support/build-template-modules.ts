import { rm } from "node:fs/promises";
import { join } from "node:path";
import type * as BuildModule from "@freshet/smartmodule/build/build-module";
import type * as Scaffold from "@freshet/smartmodule/smdk/scaffold";
import { newProjectsFolder, PREBUILT_PROJECTS } from "./sm-projects.js";

/** The built package, as the `freshet` binary imports it: its bundles embed the built guest SDK, not the sources vitest resolves. */
const SMARTMODULE_DIST = new URL("../../../../packages/smartmodule/dist/", import.meta.url);

/**
 * vitest global setup, after the SmartModule examples' (whose componentize-js it finds warm): builds
 * the template projects of PREBUILT_PROJECTS the way `freshet sm build` does, one after another, so
 * the CLI processes of sm.e2e get cache hits. A failure is only reported: sm.e2e then says which
 * project missed the cache.
 */
export default async function buildTemplateModules(): Promise<void> {
  let built: { buildSmartModule: typeof BuildModule.buildSmartModule; scaffoldModule: typeof Scaffold.scaffoldModule };
  try {
    const { buildSmartModule } = (await import(new URL("build/build-module.js", SMARTMODULE_DIST).href)) as typeof BuildModule;
    const { scaffoldModule } = (await import(new URL("smdk/scaffold.js", SMARTMODULE_DIST).href)) as typeof Scaffold;
    built = { buildSmartModule, scaffoldModule };
  } catch (cause) {
    console.error(`[smartmodule] cannot prebuild the CLI's templates (build the workspace first): ${(cause as Error).message}`);
    return;
  }
  const folder = await newProjectsFolder("freshet-sm-prebuild-");
  try {
    for (const { name, kind } of PREBUILT_PROJECTS) {
      try {
        const project = await built.scaffoldModule(join(folder, name), kind);
        if (!project.ok) throw new Error(project.message);
        const result = await built.buildSmartModule(join(project.dir, "src/index.ts"));
        if (!result.fromCache) console.log(`[smartmodule] built the ${kind} template as ${name} in ${Math.round(result.ms)} ms`);
      } catch (cause) {
        console.error(`[smartmodule] cannot build the ${kind} template as ${name}: ${(cause as Error).message}`);
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
