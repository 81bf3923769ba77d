import { describe, expect, it } from "vitest";
import { DamagedRangeError } from "../log/damage/damaged-ranges.js";
import { SimulatedDisk } from "../log/fs/simulated-disk.js";
import type { PartitionLog } from "../log/partition-log.js";
import { openTestLog } from "../log/test-support/open-test-log.js";
import { testBatch } from "../log/test-support/test-batches.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { Partition } from "../topics/partition.js";
import { topicConfigSchema } from "../topics/topic-config.js";
import type { TopicDescription } from "../topics/topics-view.js";
import { registerLogMetrics, type PartitionSource } from "./log-metrics.js";
import { createMetricsRegistry } from "./registry.js";

/** ~280-byte batches in 2 KiB segments: 30 batches make several closed segments. */
const LAYOUT = { durability: { mode: "none" as const }, segmentBytes: 2048, indexIntervalBytes: 500 };

interface Victim {
  readonly file: string;
  readonly position: number;
  readonly baseOffset: number;
  readonly bytes: number;
}

/** A log of 30 two-record batches; returns it reopened after bit rot in the third batch (a closed segment). */
async function damagedLog(disk: SimulatedDisk, clock: ManualClock, dir: string): Promise<{ log: PartitionLog; victim: Victim }> {
  const { log: fresh } = await openTestLog(LAYOUT, { fs: disk, clock, dir });
  for (let index = 0; index < 30; index++) await fresh.append(await testBatch({ count: 2, valueBytes: 100, fill: index }));
  let victim: Victim | undefined;
  for await (const header of fresh.headers(0)) {
    if (header.baseOffset !== 4) continue;
    victim = { file: `${dir}/${"0".padStart(20, "0")}.log`, position: header.position, baseOffset: header.baseOffset, bytes: header.batchLength + 12 };
    break;
  }
  await fresh.close();
  disk.corrupt(victim!.file, victim!.position + 100, new Uint8Array([0x00, 0xff]));
  const { log } = await openTestLog(LAYOUT, { fs: disk, clock, dir });
  return { log, victim: victim! };
}

async function healthyLog(disk: SimulatedDisk, clock: ManualClock, dir: string): Promise<PartitionLog> {
  const { log } = await openTestLog(LAYOUT, { fs: disk, clock, dir });
  await log.append(await testBatch({ count: 2, valueBytes: 100 }));
  return log;
}

function topicsOf(name: string, partitions: readonly Partition[]): PartitionSource {
  const topic: TopicDescription = {
    name,
    id: "AAAAAAAAAAAAAAAAAAAAAA",
    config: topicConfigSchema.parse({}),
    explicitConfig: [],
    partitions: partitions.map((partition) => ({ index: partition.index, leader: 0, leaderEpoch: 0, replicas: [0], isr: [0] })),
  };
  return { list: () => [topic], local: (topicName, index) => (topicName === name ? partitions.find((partition) => partition.index === index) : undefined) };
}

/** The sample lines of one metric family in the exposition text. */
function samples(text: string, name: string): string[] {
  return text.split("\n").filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe("log metrics", () => {
  it("report a damaged closed segment once, with its partition's labels, however often it is read", async () => {
    const clock = new ManualClock(10_000);
    const disk = new SimulatedDisk(clock);
    const { log: damaged, victim } = await damagedLog(disk, clock, "/data/topics/events-0");
    const healthy = await healthyLog(disk, clock, "/data/topics/events-1");
    const partitions = [new Partition("events", 0, damaged, clock), new Partition("events", 1, healthy, clock)];
    await partitions[0]!.becomeLeader(1, [0], [0]);
    const registry = createMetricsRegistry();
    registerLogMetrics(registry, topicsOf("events", partitions));

    // Bit rot inside a batch is found by the first read of it; every later read is refused the same way.
    for (let attempt = 0; attempt < 20; attempt++) {
      await expect(damaged.read(victim.baseOffset, 1 << 20, damaged.logEndOffset, true)).rejects.toBeInstanceOf(DamagedRangeError);
    }
    const text = await registry.metrics();

    expect(samples(text, "freshet_log_damaged_ranges")).toEqual(['freshet_log_damaged_ranges{topic="events",partition="0"} 1', 'freshet_log_damaged_ranges{topic="events",partition="1"} 0']);
    expect(samples(text, "freshet_log_damaged_offsets")).toEqual(['freshet_log_damaged_offsets{topic="events",partition="0"} 2', 'freshet_log_damaged_offsets{topic="events",partition="1"} 0']);
    expect(samples(text, "freshet_log_damaged_bytes")).toEqual([
      `freshet_log_damaged_bytes{topic="events",partition="0"} ${victim.bytes}`,
      'freshet_log_damaged_bytes{topic="events",partition="1"} 0',
    ]);
    expect(samples(text, "freshet_log_damaged_reads_refused_total")).toEqual([
      'freshet_log_damaged_reads_refused_total{topic="events",partition="0"} 20',
      'freshet_log_damaged_reads_refused_total{topic="events",partition="1"} 0',
    ]);
    expect(samples(text, "freshet_log_size_bytes")).toEqual([
      `freshet_log_size_bytes{topic="events",partition="0"} ${damaged.size()}`,
      `freshet_log_size_bytes{topic="events",partition="1"} ${healthy.size()}`,
    ]);
    expect(samples(text, "freshet_partitions_led")).toEqual(["freshet_partitions_led 1"]);
    expect(text).toContain("# TYPE freshet_log_damaged_reads_refused_total counter");
    expect(samples(text, "process_resident_memory_bytes")).toHaveLength(1);
    await Promise.all([damaged.close(), healthy.close()]);
  });

  it("drop the series of partitions that are gone", async () => {
    const clock = new ManualClock(10_000);
    const disk = new SimulatedDisk(clock);
    const log = await healthyLog(disk, clock, "/data/topics/events-0");
    const held = [new Partition("events", 0, log, clock)];
    const registry = createMetricsRegistry();
    registerLogMetrics(registry, topicsOf("events", held));
    expect(samples(await registry.metrics(), "freshet_log_size_bytes")).toHaveLength(1);

    held.pop();
    expect(samples(await registry.metrics(), "freshet_log_size_bytes")).toEqual([]);
    await log.close();
  });
});
