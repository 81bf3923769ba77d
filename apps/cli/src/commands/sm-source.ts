import { readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { z } from "zod";
import { UserError, EXIT_USAGE } from "../errors/user-error.js";

/** What `sm load` sends: a component and the name and version to register it under. */
export interface ModuleSource {
  readonly name: string;
  readonly version: string;
  readonly component: Uint8Array;
  /** The file the component was read from, for messages. */
  readonly file: string;
}

const projectSchema = z.object({ name: z.string().min(1), version: z.string().min(1) });

async function readComponent(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (cause) {
    throw new UserError(`cannot read ${file}: ${(cause as Error).message}`, 1, { cause });
  }
}

async function fromProject(dir: string, overrides: { name?: string; version?: string }): Promise<ModuleSource> {
  const manifestPath = join(dir, "package.json");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (cause) {
    throw new UserError(`${dir} is not a SmartModule project: cannot read ${manifestPath} (${(cause as Error).message})`, 1, { cause });
  }
  const parsed = projectSchema.safeParse(json);
  if (!parsed.success) throw new UserError(`${manifestPath} needs a 'name' and a 'version'`);
  // The build writes dist/<name>.wasm with the package scope dropped.
  const built = parsed.data.name.replace(/^@[^/]+\//, "");
  const file = join(dir, "dist", `${built}.wasm`);
  try {
    await stat(file);
  } catch {
    throw new UserError(`${file} does not exist — build the project first with \`freshet sm build --path ${dir}\``);
  }
  return { name: overrides.name ?? built, version: overrides.version ?? parsed.data.version, component: await readComponent(file), file };
}

/**
 * Where `sm load` finds its module: a .wasm file (named after the file unless
 * overridden; the version must be given) or a SmartModule project directory
 * (package.json name and version, component at dist/<name>.wasm). Nothing is built here.
 */
export async function resolveModuleSource(path: string, overrides: { name?: string; version?: string }): Promise<ModuleSource> {
  const absolute = resolve(path);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch (cause) {
    throw new UserError(`${path} does not exist`, EXIT_USAGE, { cause });
  }
  if (isDirectory) return fromProject(absolute, overrides);
  if (overrides.version === undefined) throw new UserError(`give --name NAME@VERSION when loading a .wasm file (${path})`, EXIT_USAGE);
  return { name: overrides.name ?? basename(absolute).replace(/\.wasm$/, ""), version: overrides.version, component: await readComponent(absolute), file: absolute };
}
