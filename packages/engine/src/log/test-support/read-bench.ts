/**
 * Read throughput of the partition log from the page cache, as Fetch sees it:
 *   node --conditions=@freshet/source --import tsx packages/engine/src/log/test-support/read-bench.ts [MiB] [rounds]
 * Fills a log with batches of three shapes (1 record of 100 B, 100 records of 100 B, 1 record
 * of 1 KiB), then reads it all back in 1 MiB fetches `rounds` times and prints the best round,
 * so a busy shared machine shows what the read path costs rather than what the neighbours did.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { ManualClock } from "../../system/test-support/manual-clock.js";
import { silentLogger } from "../../system/logger.js";
import { partitionLogConfig } from "../config.js";
import { nodeFileSystem } from "../fs/node-file-system.js";
import { PartitionLog } from "../partition-log.js";

const mib = Number(process.argv[2] ?? 64);
const rounds = Number(process.argv[3] ?? 15);

async function bench(root: string, name: string, records: number, valueBytes: number): Promise<void> {
  const config = partitionLogConfig(join(root, name), { durability: { mode: "none" }, retentionMs: null });
  const log = await PartitionLog.open(config, { fs: nodeFileSystem, clock: new ManualClock(0), logger: silentLogger });
  const template = await buildRecordBatch({ records: Array.from({ length: records }, () => ({ value: new Uint8Array(valueBytes).fill(7), timestamp: 1 })) });
  const count = Math.ceil((mib * 2 ** 20) / template.byteLength);
  for (let at = 0; at < count; at += 256) {
    await Promise.all(Array.from({ length: Math.min(256, count - at) }, () => log.append(template.slice())));
  }
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    let offset = log.logStartOffset;
    while (offset < log.logEndOffset) {
      const read = await log.read(offset, 1 << 20, log.logEndOffset, true);
      offset += (read.bytes / template.byteLength) * records;
    }
    best = Math.min(best, performance.now() - started);
  }
  const size = log.size() / 2 ** 20;
  console.log(`${name.padEnd(28)} ${size.toFixed(0)} MiB in ${template.byteLength} B batches: best of ${rounds} ${(size / (best / 1000)).toFixed(0)} MiB/s`);
  await log.close();
}

const root = await mkdtemp(join(tmpdir(), "freshet-read-bench-"));
try {
  await bench(root, "1 record x 100 B", 1, 100);
  await bench(root, "100 records x 100 B", 100, 100);
  await bench(root, "1 record x 1 KiB", 1, 1024);
} finally {
  await rm(root, { recursive: true, force: true });
}
