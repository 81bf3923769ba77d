import { join } from "node:path";
import { z } from "zod";
import type { LogFileSystem } from "../fs/log-file-system.js";
import { readSmallFile, replaceSmallFile } from "../fs/small-files.js";

/**
 * Where the cleaner stopped, per partition (Kafka's cleaner-offset-checkpoint): offsets
 * below `dirtyFrom` were cleaned against every later key the cleaner had seen; from it
 * on the log is dirty. `tombstoneExpiry` is the earliest time a kept tombstone may go,
 * which makes the log worth cleaning again even with nothing new written.
 */
export const CLEANER_CHECKPOINT_FILE = "cleaner-checkpoint";
const MAX_BYTES = 256;

export interface CleanerState {
  readonly dirtyFrom: number;
  readonly tombstoneExpiry: number | null;
}

const stateSchema = z.object({
  dirtyFrom: z.number().int().nonnegative(),
  tombstoneExpiry: z.number().int().nullable(),
});

export const NOTHING_CLEANED: CleanerState = { dirtyFrom: 0, tombstoneExpiry: null };

export class CleanerCheckpoint {
  readonly #path: string;

  constructor(
    private readonly fs: LogFileSystem,
    private readonly dir: string,
  ) {
    this.#path = join(dir, CLEANER_CHECKPOINT_FILE);
  }

  /** The stored state; nothing cleaned when the file is missing or unreadable (cleaning again is only work). */
  async read(): Promise<CleanerState> {
    const stored = await readSmallFile(this.fs, this.#path, MAX_BYTES);
    if (stored.kind !== "found") return NOTHING_CLEANED;
    try {
      const parsed = stateSchema.safeParse(JSON.parse(stored.text));
      return parsed.success ? parsed.data : NOTHING_CLEANED;
    } catch {
      return NOTHING_CLEANED;
    }
  }

  save(state: CleanerState): Promise<void> {
    return replaceSmallFile(this.fs, this.dir, this.#path, `${JSON.stringify(state)}\n`);
  }
}
