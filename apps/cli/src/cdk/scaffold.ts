import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ConnectorKind } from "./connector-kind.js";
import { nodeTypeRoots } from "./kit-location.js";
import { installationTypes } from "./type-check.js";

/** One template per kind; the same folder holds them in sources and in a build. */
const TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../templates/cdk");
/** A connector's name is also its config's `name:` and topic, so it follows those rules. */
const CONNECTOR_NAME = /^[a-z0-9][a-z0-9-]{0,50}$/;

export type ScaffoldResult = { ok: true; dir: string; files: string[] } | { ok: false; message: string };

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * Creates a connector project in `target` from the kind's template; the folder's name becomes the
 * connector's name. tsconfig.json gets where this installation keeps the kit's, zod's and Node's
 * types. Refuses to touch a folder that exists.
 */
export async function scaffoldConnector(target: string, kind: ConnectorKind): Promise<ScaffoldResult> {
  const dir = resolve(target);
  const name = basename(dir);
  if (!CONNECTOR_NAME.test(name)) return { ok: false, message: `'${name}' is not a connector name: use up to 51 lower-case letters, digits and dashes, starting with a letter or digit` };
  if (existsSync(dir)) return { ok: false, message: `${dir} already exists` };
  const types = installationTypes();
  const placeholders: Record<string, string> = { __NAME__: name, __KIT_TYPES__: types.kit, __ZOD_TYPES__: types.zod, __TYPE_ROOTS__: nodeTypeRoots() };
  const template = join(TEMPLATES_DIR, kind);
  const files = (await filesUnder(template)).sort();
  for (const file of files) {
    const text = await readFile(join(template, file), "utf8");
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(
      join(dir, file),
      text.replace(/__[A-Z_]+__/g, (placeholder) => placeholders[placeholder] ?? placeholder),
    );
  }
  return { ok: true, dir, files };
}
