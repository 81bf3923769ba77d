import { resolveEngineEntry } from "@freshet/spu-worker/launch";
import { UserError } from "../errors/user-error.js";

/** The SPU worker entry: $FRESHET_SPU_WORKER, else @freshet/spu-worker's built main. */
export async function resolveWorkerPath(override: string | undefined): Promise<string> {
  const entry = await resolveEngineEntry(override);
  if (!entry.ok) throw new UserError(entry.reason, 1);
  return entry.path;
}
