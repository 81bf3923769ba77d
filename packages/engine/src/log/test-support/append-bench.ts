/**
 * Quick benchmark of the partition log on real files:
 *   node --conditions=@freshet/source --import tsx packages/engine/src/log/test-support/append-bench.ts [appends]
 * Appends 1 KiB batches with each durability mode, one at a time and with many in flight,
 * then reads everything back, reopens (recovery scan), and times raw fdatasync.
 */
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../system/test-support/manual-clock.js";
import { silentLogger } from "../../system/logger.js";
import type { Durability } from "../config.js";
import { partitionLogConfig } from "../config.js";
import { nodeFileSystem } from "../fs/node-file-system.js";
import { PartitionLog } from "../partition-log.js";
import { CountingFileSystem } from "./counting-file-system.js";
import { testBatch } from "./test-batches.js";

const appends = Number(process.argv[2] ?? 100_000);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

async function run(root: string, name: string, durability: Durability, count: number, inFlight: number): Promise<void> {
  const dir = join(root, name);
  const fs = new CountingFileSystem(nodeFileSystem);
  const config = partitionLogConfig(dir, { durability, retentionMs: null });
  const log = await PartitionLog.open(config, { fs, clock: new ManualClock(0), logger: silentLogger });
  const template = await testBatch({ valueBytes: 1000 });
  const batches = Array.from({ length: count }, () => template.slice());
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  async function producer(): Promise<void> {
    while (next < count) {
      const batch = batches[next++] ?? template.slice();
      const sent = performance.now();
      await log.append(batch);
      latencies.push(performance.now() - sent);
    }
  }
  await Promise.all(Array.from({ length: inFlight }, producer));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const mib = (count * template.byteLength) / 2 ** 20;
  console.log(
    `${name.padEnd(22)} ${count} x ${template.byteLength} B, ${String(inFlight).padStart(4)} in flight: ` +
      `${Math.round(count / seconds).toLocaleString("en")} appends/s, ${(mib / seconds).toFixed(1)} MiB/s, ` +
      `latency p50 ${percentile(latencies, 50).toFixed(3)} ms p99 ${percentile(latencies, 99).toFixed(3)} ms, ` +
      `${fs.writes} writes, ${fs.syncs} fsyncs (${(count / Math.max(fs.syncs, 1)).toFixed(1)} appends/fsync)`,
  );

  if (name === "none-pipelined") {
    const readStarted = performance.now();
    let offset = log.logStartOffset;
    let bytes = 0;
    while (offset < log.logEndOffset) {
      const read = await log.read(offset, 1 << 20, log.logEndOffset, true);
      bytes += read.bytes;
      offset += Math.max(1, Math.floor(read.bytes / template.byteLength));
    }
    const readSeconds = (performance.now() - readStarted) / 1000;
    console.log(`read back in 1 MiB fetches: ${(bytes / 2 ** 20 / readSeconds).toFixed(0)} MiB/s`);
    await log.close();
    const reopenStarted = performance.now();
    const reopened = await PartitionLog.open(config, { fs: nodeFileSystem, clock: new ManualClock(0), logger: silentLogger });
    const reopenMs = performance.now() - reopenStarted;
    console.log(`reopen (scan + CRC of the active segment, ${(reopened.size() / 2 ** 20).toFixed(0)} MiB log): ${reopenMs.toFixed(0)} ms`);
    await reopened.close();
  } else {
    await log.close();
  }
}

async function rawFdatasync(root: string, samples: number): Promise<void> {
  const handle = await open(join(root, "fdatasync-probe"), "w");
  const block = Buffer.alloc(4096, 1);
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    await handle.write(block, 0, block.byteLength, index * block.byteLength);
    const started = performance.now();
    await handle.datasync();
    times.push(performance.now() - started);
  }
  await handle.close();
  times.sort((a, b) => a - b);
  console.log(`raw fdatasync after a 4 KiB append (${samples}): p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms, max ${(times.at(-1) ?? 0).toFixed(3)} ms`);
}

const root = await mkdtemp(join(tmpdir(), "freshet-log-bench-"));
try {
  await rawFdatasync(root, 1000);
  await run(root, "none-sequential", { mode: "none" }, appends, 1);
  await run(root, "none-pipelined", { mode: "none" }, appends, 256);
  await run(root, "batch-sequential", { mode: "batch" }, Math.min(appends, 5_000), 1);
  await run(root, "batch-pipelined", { mode: "batch" }, appends, 256);
  await run(root, "interval-pipelined", { mode: "interval", intervalMs: 100 }, appends, 256);
} finally {
  await rm(root, { recursive: true, force: true });
}
