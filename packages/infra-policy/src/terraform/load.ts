/*
 * Reads a Terraform tree the way `terraform init` would see it, without a terraform binary: every
 * `.tf` file parsed with @cdktf/hcl2json (HashiCorp's HCL parser compiled to WebAssembly) into the
 * JSON shape of Terraform's JSON syntax, grouped by module directory.
 */
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

// Loaded through require, not imported: the package's typings pull in `/// <reference lib="dom" />`,
// which would put the DOM's types into every program that type-checks this file (the root
// tsconfig.test.json checks all packages at once) and break Node code elsewhere.
const { parse } = createRequire(import.meta.url)("@cdktf/hcl2json") as {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
};

/** One parsed file. `body` follows hcl2json: each block type maps labels to arrays of bodies. */
export interface TerraformFile {
  /** Path relative to the tree's root, with forward slashes. */
  readonly path: string;
  /** Directory relative to the root ("" for the root itself): Terraform's unit, the module. */
  readonly module: string;
  readonly body: TerraformBody;
}

export type TerraformBody = Readonly<Record<string, unknown>>;

export class TerraformParseError extends Error {
  constructor(
    readonly path: string,
    options: { cause: unknown },
  ) {
    super(`${path} is not valid HCL: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
    this.name = "TerraformParseError";
  }
}

const SKIPPED = new Set([".terraform", "node_modules", ".git"]);

async function* tfFiles(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) yield* tfFiles(path);
    } else if (entry.name.endsWith(".tf")) {
      yield path;
    }
  }
}

const posix = (path: string) => path.split("\\").join("/");

/** Parses HCL text; `path` names it in errors. */
export async function parseTerraform(path: string, text: string): Promise<TerraformBody> {
  try {
    return await parse(path, text);
  } catch (error) {
    throw new TerraformParseError(path, { cause: error });
  }
}

/** Every `.tf` file under `root`, parsed, in a stable order. */
export async function loadTerraformTree(root: string): Promise<TerraformFile[]> {
  const files: TerraformFile[] = [];
  for await (const absolute of tfFiles(root)) {
    const path = posix(relative(root, absolute));
    const body = await parseTerraform(path, await readFile(absolute, "utf8"));
    files.push({ path, module: posix(dirname(path)).replace(/^\.$/, ""), body });
  }
  return files;
}
