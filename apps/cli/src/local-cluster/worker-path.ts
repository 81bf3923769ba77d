import { access } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { UserError } from "../errors/user-error.js";

/**
 * The SPU worker entry: $FRESHET_SPU_WORKER, else @freshet/spu-worker's built main
 * as Node resolves it from here (its "./*" export maps to dist/*.js).
 */
export async function resolveWorkerPath(override: string | undefined): Promise<string> {
  let path = override;
  if (path === undefined) {
    try {
      path = fileURLToPath(import.meta.resolve("@freshet/spu-worker/main"));
    } catch (cause) {
      throw new UserError("cannot find the SPU worker package @freshet/spu-worker (is the workspace installed?)", 1, { cause });
    }
  }
  try {
    await access(path);
  } catch (cause) {
    throw new UserError(`the SPU worker is not built: ${path} is missing (run \`npm run build\`)`, 1, { cause });
  }
  return path;
}
