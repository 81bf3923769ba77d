import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The modules a connector project takes from the `freshet` installation rather than its own
 * node_modules: the kit is not published to npm, and zod must be the copy the kit's types name so
 * a schema's types line up. Both are resolved as if imported from here.
 */
export const FROM_INSTALLATION = /^(@freshet\/connectors\/kit|zod(\/.*)?)$/;

/** A folder of this package: imports resolved from it find the CLI's own dependencies. */
export const INSTALLATION_DIR = dirname(fileURLToPath(import.meta.url));

/** The folder holding @types/node as the CLI has it: connectors run on Node and are checked against its types. */
export function nodeTypeRoots(): string {
  const require = createRequire(import.meta.url);
  return dirname(dirname(require.resolve("@types/node/package.json")));
}

/** A file in INSTALLATION_DIR, for the TypeScript resolver, which resolves from a file's folder. */
export const INSTALLATION_ANCHOR = join(INSTALLATION_DIR, "anchor.ts");
