import { join } from "node:path";
import type { LogFileSystem } from "./fs/log-file-system.js";
import { readSmallFile, replaceSmallFile } from "./fs/small-files.js";

/**
 * The log start offset DeleteRecords moved above the first segment's base offset, in
 * one small file per partition (Kafka keeps it in log-start-offset-checkpoint). Without
 * it a restart would serve again the records a client deleted. Missing means no floor.
 */
export const LOG_START_FILE = "log-start-offset";
const MAX_BYTES = 64;

export class LogStartCheckpoint {
  readonly #path: string;

  constructor(
    private readonly fs: LogFileSystem,
    private readonly dir: string,
  ) {
    this.#path = join(dir, LOG_START_FILE);
  }

  /** The stored floor; 0 when there is none, or a reason when the file cannot be trusted. */
  async read(): Promise<number | { invalid: string }> {
    const stored = await readSmallFile(this.fs, this.#path, MAX_BYTES);
    if (stored.kind === "missing") return 0;
    if (stored.kind === "invalid") return { invalid: stored.reason };
    const text = stored.text.trim();
    if (!/^\d{1,16}$/.test(text)) return { invalid: `${JSON.stringify(text)} is not an offset` };
    return Number(text);
  }

  save(offset: number): Promise<void> {
    return replaceSmallFile(this.fs, this.dir, this.#path, `${offset}\n`);
  }
}
