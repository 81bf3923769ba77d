import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ModuleLanguage } from "../build/language.js";
import type { SmartModuleKind } from "../record.js";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** One template per kind and language; the same folders hold them in sources and in a build. */
export const TEMPLATES_DIRS: Readonly<Record<ModuleLanguage, string>> = {
  typescript: join(packageRoot, "templates"),
  assemblyscript: join(packageRoot, "templates-assemblyscript"),
};
const NAME_PLACEHOLDER = /__NAME__/g;
const MODULE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export type ScaffoldResult = { ok: true; dir: string; files: string[] } | { ok: false; message: string };

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * Creates a SmartModule project in `target` from the kind's template in the given
 * language; the folder's name becomes the module's name. Refuses to touch a folder
 * that exists.
 */
export async function scaffoldModule(target: string, kind: SmartModuleKind, language: ModuleLanguage = "typescript"): Promise<ScaffoldResult> {
  const dir = resolve(target);
  const name = basename(dir);
  if (!MODULE_NAME.test(name)) return { ok: false, message: `'${name}' is not a module name: use lower-case letters, digits and dashes, starting with a letter or digit` };
  if (existsSync(dir)) return { ok: false, message: `${dir} already exists` };
  const template = join(TEMPLATES_DIRS[language], kind);
  const files = (await filesUnder(template)).sort();
  for (const file of files) {
    const text = await readFile(join(template, file), "utf8");
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text.replace(NAME_PLACEHOLDER, name));
  }
  return { ok: true, dir, files };
}
