import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { HubManifest } from "@freshet/hub/manifest";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { compileSmartModule } from "@freshet/smartmodule/host/compile-node";
import { SMART_MODULE_API_VERSION } from "@freshet/smartmodule/manifest";
import { WorkerInstance } from "@freshet/smartmodule/sandbox/worker-instance";
import { z } from "zod";

/** The group the local cloud's system org owns and publishes the examples under. */
export const SEED_GROUP = "freshet";

/** An example SmartModule project of the repository, before it is built. */
export interface ExampleProject {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

/** A built example with the manifest it is published under. */
export interface BuiltExample {
  readonly manifest: HubManifest;
  readonly readme: string;
  readonly artifact: Uint8Array;
}

const projectSchema = z.object({ name: z.string(), version: z.string() });

/** Every project under `examplesDir` (a folder with package.json and src/index.ts), by name. */
export async function exampleProjects(examplesDir: string): Promise<ExampleProject[]> {
  const projects: ExampleProject[] = [];
  for (const entry of (await readdir(examplesDir, { withFileTypes: true })).filter((e) => e.isDirectory())) {
    const dir = join(examplesDir, entry.name);
    if (!existsSync(join(dir, "src", "index.ts"))) continue;
    const { name, version } = projectSchema.parse(JSON.parse(await readFile(join(dir, "package.json"), "utf8")));
    projects.push({ name: name.replace(/^@[^/]+\//, ""), version, dir });
  }
  return projects.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Builds an example with the SMDK build (cached by content, so a second start costs
 * milliseconds) and reads its kind, description and parameters from the component
 * itself, as `freshet hub publish` does.
 */
export async function buildExample(project: ExampleProject): Promise<BuiltExample> {
  const { wasm } = await buildSmartModule(join(project.dir, "src", "index.ts"));
  const instance = await WorkerInstance.start(await compileSmartModule(wasm), project.name);
  const described = instance.manifest;
  await instance.close();
  const readme = await readFile(join(project.dir, "README.md"), "utf8").catch(() => null);
  const description = (described.description ?? `The ${project.name} example SmartModule.`).slice(0, 300);
  const manifest: HubManifest = {
    group: SEED_GROUP,
    name: project.name,
    version: project.version,
    kind: "smartmodule",
    description,
    license: "Apache-2.0",
    keywords: ["example", described.kind],
    visibility: "public",
    smartmodule: {
      world: `freshet:smartmodule/smartmodule@${SMART_MODULE_API_VERSION}`,
      moduleKind: described.kind,
      parameters: Object.fromEntries(
        Object.entries(described.params).map(([name, spec]) => [
          name,
          { type: spec.type, ...(spec.description === undefined ? {} : { description: spec.description }), ...(spec.default === undefined ? {} : { default: spec.default }) },
        ]),
      ),
    },
  };
  return { manifest, readme: readme ?? description, artifact: wasm };
}
