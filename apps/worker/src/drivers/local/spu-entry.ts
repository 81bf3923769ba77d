import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * apps/spu-worker's built entry, found beside this app in the workspace (from src/ and dist/
 * alike). Not resolved through the package's exports: under the source condition that would
 * give its main.ts, which node cannot run.
 */
export const DEFAULT_SPU_ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../spu-worker/dist/main.js");
