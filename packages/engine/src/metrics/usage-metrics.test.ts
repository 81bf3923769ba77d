import type { FetchRequest, FetchResponse } from "@freshet/protocol/messages/fetch";
import type { ProduceRequest, ProduceResponse } from "@freshet/protocol/messages/produce";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { afterEach, describe, expect, it } from "vitest";
import type { BrokerContext } from "../handlers/broker-context.js";
import { ByteRateQuotas } from "../quotas/byte-rate-quotas.js";
import { fetchHandler } from "../handlers/fetch.js";
import { produceHandler } from "../handlers/produce.js";
import type { PartitionLog } from "../log/partition-log.js";
import { openTestLog } from "../log/test-support/open-test-log.js";
import { testBatch } from "../log/test-support/test-batches.js";
import type { RequestContext } from "../server/handler.js";
import { silentLogger } from "../system/logger.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { Partition } from "../topics/partition.js";
import { topicConfigSchema } from "../topics/topic-config.js";
import type { TopicDescription, TopicsView } from "../topics/topics-view.js";
import { createMetricsRegistry } from "./registry.js";
import { UsageMeter } from "./usage-meter.js";
import { registerUsageMetrics } from "./usage-metrics.js";

const SELF = 0;
const FOLLOWER = 2;
const TOPIC = "events";

/** The sample lines of one metric family in the exposition text. */
function samples(text: string, name: string): string[] {
  return text.split("\n").filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

const logs: PartitionLog[] = [];
afterEach(async () => {
  await Promise.all(logs.splice(0).map((log) => log.close()));
});

/** A broker leading events/0 and events/1 (follower 2 assigned, not yet in sync), with usage metered. */
async function broker() {
  const clock = new ManualClock(10_000);
  const partitions: Partition[] = [];
  for (const index of [0, 1]) {
    const { log } = await openTestLog({ durability: { mode: "none" } }, { clock, dir: `/data/topics/${TOPIC}-${index}` });
    logs.push(log);
    const partition = new Partition(TOPIC, index, log, clock, SELF, 0);
    await partition.becomeLeader(1, [SELF, FOLLOWER], [SELF]);
    partitions.push(partition);
  }
  const description: TopicDescription = {
    name: TOPIC,
    id: "AAAAAAAAAAAAAAAAAAAAAA",
    config: topicConfigSchema.parse({}),
    explicitConfig: [],
    partitions: partitions.map((p) => ({ index: p.index, leader: SELF, leaderEpoch: 1, replicas: [SELF, FOLLOWER], isr: [SELF] })),
  };
  const topics: Partial<TopicsView> = {
    list: () => [description],
    describe: (name) => (name === TOPIC ? description : undefined),
    local: (name, index) => (name === TOPIC ? partitions[index] : undefined),
    producerIdIssued: () => true,
  };
  const usage = new UsageMeter();
  const registry = createMetricsRegistry();
  registerUsageMetrics(registry, topics as TopicsView, usage);
  // No quotas: every Produce is free of throttle time.
  const noQuotas = { current: () => ({}), alter: () => Promise.resolve(null) };
  const produceQuotas = new ByteRateQuotas(noQuotas, "producer_byte_rate", clock);
  const fetchQuotas = new ByteRateQuotas(noQuotas, "consumer_byte_rate", clock);
  const ctx = { topics, resources: { logger: silentLogger, clock }, usage, produceQuotas, fetchQuotas } as unknown as BrokerContext;
  const context = { header: { apiVersion: 12 }, abandoned: new Promise<void>(() => undefined) } as unknown as RequestContext;
  return {
    registry,
    usage,
    partitions,
    produce: async (index: number, records: Uint8Array) => {
      const request: ProduceRequest = { transactionalId: null, acks: 1, timeoutMs: 1_000, topicData: [{ name: TOPIC, partitionData: [{ index, records }] }] };
      const response = (await produceHandler(ctx).handle(request, context)) as ProduceResponse;
      return response.responses[0]!.partitionResponses[0]!.errorCode;
    },
    fetch: async (replicaId: number, fetchOffset: number) => {
      const request: FetchRequest = {
        replicaId,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topic: TOPIC,
            topicId: "AAAAAAAAAAAAAAAAAAAAAA",
            partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: BigInt(fetchOffset), lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20 }],
          },
        ],
        forgottenTopicsData: [],
        rackId: "",
      };
      const response = (await fetchHandler(ctx).handle(request, context)) as FetchResponse;
      return response.responses[0]!.partitions[0]!;
    },
  };
}

describe("usage metrics", () => {
  it("count what consumers produce and fetch, exactly, and not what followers fetch or a failed append", async () => {
    const spu = await broker();
    const batches = await Promise.all([0, 1, 2].map((fill) => testBatch({ count: 5, valueBytes: 100, fill })));
    const produced = batches.reduce((total, batch) => total + batch.byteLength, 0);
    for (const batch of batches) expect(await spu.produce(0, batch)).toBe(0);
    // events/1's log fails every append: the produce is answered with an error and not counted.
    await spu.partitions[1]!.log.close();
    expect(await spu.produce(1, await testBatch({ count: 7, valueBytes: 100 }))).not.toBe(0);

    const replicated = await spu.fetch(FOLLOWER, 0);
    expect(replicated.records!.byteLength).toBe(produced);
    const consumed = await spu.fetch(-1, 0);
    expect(consumed.records!.byteLength).toBe(produced);
    // From offset 5 on: the second and third batches.
    const rest = await spu.fetch(-1, 5);
    expect(rest.records!.byteLength).toBe(batches[1]!.byteLength + batches[2]!.byteLength);

    const text = await spu.registry.metrics();
    const id = spu.usage.incarnation;
    const series = (partition: number, value: number) => `{topic="${TOPIC}",partition="${partition}",incarnation="${id}"} ${value}`;
    expect(samples(text, "freshet_partition_produced_bytes_total")).toEqual([`freshet_partition_produced_bytes_total${series(0, produced)}`, `freshet_partition_produced_bytes_total${series(1, 0)}`]);
    expect(samples(text, "freshet_partition_produced_records_total")).toEqual([`freshet_partition_produced_records_total${series(0, 15)}`, `freshet_partition_produced_records_total${series(1, 0)}`]);
    expect(samples(text, "freshet_partition_fetched_bytes_total")[0]).toBe(`freshet_partition_fetched_bytes_total${series(0, produced + rest.records!.byteLength)}`);
    expect(samples(text, "freshet_partition_fetched_records_total")[0]).toBe(`freshet_partition_fetched_records_total${series(0, 15 + 10)}`);
    expect(samples(text, "freshet_process_incarnation_info")).toEqual([`freshet_process_incarnation_info{incarnation="${id}"} 1`]);
    expect(samples(text, "freshet_partition_storage_bytes")[0]).toBe(`freshet_partition_storage_bytes{topic="${TOPIC}",partition="0"} ${spu.partitions[0]!.log.size()}`);
    expect(text).toContain("# TYPE freshet_partition_fetched_bytes_total counter");
  });

  it("count an idempotent producer's retry of a stored batch once", async () => {
    const spu = await broker();
    const batch = await buildRecordBatch({
      records: [
        { value: new Uint8Array(40), timestamp: 1 },
        { value: new Uint8Array(40), timestamp: 1 },
      ],
      producerId: 7,
      producerEpoch: 0,
      baseSequence: 0,
    });
    // The broker stamps offsets into the batch it stores: each send gets its own copy, as on the wire.
    expect(await spu.produce(0, batch.slice())).toBe(0);
    expect(await spu.produce(0, batch.slice())).toBe(0);
    expect(spu.partitions[0]!.log.logEndOffset).toBe(2);
    expect(spu.usage.partition(TOPIC, 0)).toMatchObject({ producedBytes: batch.byteLength, producedRecords: 2 });
  });

  it("keep a partition's counters after leadership moves away, and start every process at a new incarnation", async () => {
    const spu = await broker();
    const batch = await testBatch({ count: 3, valueBytes: 50 });
    expect(await spu.produce(0, batch)).toBe(0);
    spu.partitions[0]!.becomeFollower(2, FOLLOWER);
    const text = await spu.registry.metrics();
    expect(samples(text, "freshet_partition_produced_bytes_total")[0]).toBe(
      `freshet_partition_produced_bytes_total{topic="${TOPIC}",partition="0",incarnation="${spu.usage.incarnation}"} ${batch.byteLength}`,
    );
    // Storage is reported by leaders only, so summing over brokers counts each partition once.
    expect(samples(text, "freshet_partition_storage_bytes").map((line) => line.split("{")[1]!.split("}")[0])).toEqual([`topic="${TOPIC}",partition="1"`]);
    expect(new UsageMeter().incarnation).not.toBe(spu.usage.incarnation);
  });
});
