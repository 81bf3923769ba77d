import { randomBytes } from "node:crypto";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/**
 * The floor under any fsync-before-ack latency: `samples` appends of one
 * `recordBytes` record to a new file in the temp directory (the brokers' data
 * directories' file system), each followed by fdatasync, timed together as a
 * broker's group commit of a single record would be. Returns one latency per
 * append, in milliseconds.
 */
export async function measureAppendSync(recordBytes: number, samples: number): Promise<number[]> {
  const directory = await mkdtemp(join(tmpdir(), "freshet-bench-sync-"));
  try {
    const file = await open(join(directory, "append.log"), "a");
    try {
      const record = randomBytes(recordBytes);
      const latenciesMs: number[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        await file.write(record, 0, record.byteLength);
        await file.datasync();
        latenciesMs.push(performance.now() - started);
      }
      return latenciesMs;
    } finally {
      await file.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
