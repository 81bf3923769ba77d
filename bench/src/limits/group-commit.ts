import { randomBytes } from "node:crypto";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOpenLoop } from "../run/open-loop.js";

/**
 * The floor of an fsync-before-ack latency run on this machine, without a
 * network or a broker: the latency runs' open loop at `ratePerSecond`, each
 * record appended to a file in the temp directory by a minimal group commit
 * (everything queued meanwhile goes in one write and one fdatasync, as the
 * broker's log does) and confirmed once synced. A record arriving during a slow
 * fdatasync waits out its rest and then its own, so the tail here is above the
 * single-append tail. Returns one latency per record from its intended send time, in ms.
 */
export async function measureGroupCommit(recordBytes: number, records: number, ratePerSecond: number): Promise<number[]> {
  const directory = await mkdtemp(join(tmpdir(), "freshet-bench-commit-"));
  try {
    const file = await open(join(directory, "group-commit.log"), "a");
    try {
      const record = randomBytes(recordBytes);
      let queued: (() => void)[] = [];
      let failure: unknown = null;
      let committing = false;
      const commit = async (): Promise<void> => {
        committing = true;
        while (queued.length > 0) {
          const group = queued;
          queued = [];
          try {
            await file.writev(group.map(() => record));
            await file.datasync();
          } catch (cause) {
            failure ??= cause;
          }
          for (const confirm of group) confirm();
        }
        committing = false;
      };
      const send = (): Promise<void> =>
        new Promise<void>((resolve) => {
          queued.push(resolve);
          if (!committing) void commit();
        });
      const latenciesMs = await runOpenLoop(records, ratePerSecond, send);
      if (failure !== null) throw failure;
      return latenciesMs;
    } finally {
      await file.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
