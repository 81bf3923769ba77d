import { access } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/**
 * The built worker entry, apps/spu-worker/dist/main.js, found from this file in src/launch/
 * and dist/launch/ alike: under the source condition a resolved main would be main.ts, which
 * node cannot run.
 */
export const ENGINE_ENTRY = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

/** `override` (a launcher's setting) or the built entry, if it exists; else a sentence saying what to do. */
export async function resolveEngineEntry(override?: string): Promise<{ readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string }> {
  const path = override ?? ENGINE_ENTRY;
  try {
    await access(path);
    return { ok: true, path };
  } catch {
    return { ok: false, reason: `the engine worker is not built: ${path} is missing (run \`npm run build\`)` };
  }
}
