import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { buildSmartModule, type BuildResult } from "../build/build-module.js";
import { GUEST_ENGINES, type GuestEngine } from "../build/guest-engines.js";
import { moduleLanguage } from "../build/language.js";
import { typeCheckModule } from "../build/type-check.js";
import { SmartModuleError } from "../errors.js";
import { compileSmartModule } from "../host/compile-node.js";
import { WorkerInstance } from "../sandbox/worker-instance.js";

const projectSchema = z.object({
  name: z.string().regex(/^(@[a-z0-9-]+\/)?[a-z0-9][a-z0-9-]{0,63}$/, "must be a lower-case module name"),
  /** `"freshet": { "engine": "quickjs" }` in package.json picks the JS engine a project is built with. */
  freshet: z.object({ engine: z.enum(GUEST_ENGINES, `must be one of ${GUEST_ENGINES.join(", ")}`).optional() }).optional(),
});

export interface ProjectBuild extends BuildResult {
  readonly name: string;
  /** Where the component was written: <project>/dist/<name>.wasm. */
  readonly output: string;
}

export class ProjectError extends Error {
  override readonly name = "ProjectError";
}

async function readProject(dir: string): Promise<{ name: string; engine: GuestEngine | undefined }> {
  const path = join(resolve(dir), "package.json");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new ProjectError(`cannot read ${path}: ${(cause as Error).message}`);
  }
  const parsed = projectSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ProjectError(`${path}: '${issue.path.join(".")}' ${issue.message}`);
  }
  return { name: parsed.data.name.replace(/^@[^/]+\//, ""), engine: parsed.data.freshet?.engine };
}

/** The module name of a SmartModule project: its package.json name without a scope. */
export async function projectName(dir: string): Promise<string> {
  return (await readProject(dir)).name;
}

/**
 * Builds <dir>/src/index.ts into <dir>/dist/<name>.wasm (through the build cache) after
 * type-checking it (asc checks an AssemblyScript module's types as it compiles), and
 * writes the component only once it passes the checks `sm load` makes (it starts in the
 * sandbox and its manifest, parameter defaults included, is valid). A JS/TS module's
 * engine is `engine` when given, else the project's package.json `freshet.engine`, else
 * StarlingMonkey.
 */
export async function buildProject(dir: string, engine?: GuestEngine): Promise<ProjectBuild> {
  const project = await readProject(dir);
  const name = project.name;
  const entry = join(resolve(dir), "src/index.ts");
  const typeErrors = (await moduleLanguage(entry)) === "typescript" ? typeCheckModule(entry, resolve(dir)) : [];
  if (typeErrors.length > 0) throw new ProjectError(`${name} does not type-check:\n${typeErrors.join("\n")}`);
  const built = await buildSmartModule(entry, undefined, engine ?? project.engine);
  await checkLoadable(name, built.wasm);
  const output = join(resolve(dir), "dist", `${name}.wasm`);
  await mkdir(join(resolve(dir), "dist"), { recursive: true });
  await writeFile(output, built.wasm);
  return { ...built, name, output };
}

/** Starts the component as `sm load` does, so a module the registry would refuse fails its build instead. */
async function checkLoadable(name: string, component: Uint8Array): Promise<void> {
  try {
    const instance = await WorkerInstance.start(await compileSmartModule(component), name);
    await instance.close();
  } catch (cause) {
    if (cause instanceof SmartModuleError) throw new ProjectError(`${name} would be refused by sm load: ${cause.message}`, { cause });
    throw cause;
  }
}
