import { stat } from "node:fs/promises";
import { resolve } from "node:path";

/**
 * Whether `sm load`'s argument names a Hub package (`group/name[@range]`) rather than a file or
 * a project folder: exactly one `/`, no `.wasm` ending, and nothing at that path.
 */
export async function isHubReference(text: string, cwd = process.cwd()): Promise<boolean> {
  if (text.split("/").length !== 2 || text.endsWith(".wasm")) return false;
  return stat(resolve(cwd, text)).then(
    () => false,
    () => true,
  );
}
