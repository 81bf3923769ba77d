import { createClient, type FreshetClient } from "@freshet/client/client";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import type { Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "../support/cluster.js";
import { eventually } from "../support/spu-process.js";

/*
 * A derived topic in a cluster: each partition of `derived` is filled by its own
 * leader from the same partition of `readings`, led by another SPU, so the
 * derivation reads its source over the Kafka protocol. Killing a source leader
 * moves one source partition under a remote reader (it follows the new leader),
 * and one derived partition to the SPU that now leads its source (it resumes from
 * its own log and reads locally); the derived topic still ends up exactly the kept
 * records, each once, offsets contiguous.
 */

const PARTITIONS = 3;
const keepFilter = JSON.stringify([{ module: "json-filter", params: { field: "kind", value: "keep" } }]);

let cluster: TestCluster;
let client: FreshetClient;
let producer: Producer;
/** Values produced to `readings`, per partition, in offset order. */
const produced: string[][] = Array.from({ length: PARTITIONS }, () => []);

beforeAll(async () => {
  cluster = await TestCluster.start({ spus: 3 });
  client = createClient({
    bootstrap: cluster.brokers.join(","),
    clientId: "derived-topics-cluster",
    retry: { retries: 30, initialDelayMs: 100, maxDelayMs: 500, factor: 2 },
  });
  await client.admin.loadSmartModule("json-filter", "0.1.0", (await buildSmartModule(examplePath("json-filter"))).wasm);
  producer = cluster.kafka("derived-topics-producer").producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
}, 120_000);

afterAll(async () => {
  await producer?.disconnect();
  await client?.close();
  await cluster?.cleanup();
});

const doc = (partition: number, i: number) => JSON.stringify({ p: partition, i, kind: i % 3 === 0 ? "keep" : "drop" });

async function produce(count: number): Promise<void> {
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const from = produced[partition]!.length;
    const values = Array.from({ length: count }, (_, k) => doc(partition, from + k));
    for (let start = 0; start < count; start += 10) {
      const batch = values.slice(start, start + 10);
      await producer.send({ topic: "readings", acks: -1, messages: batch.map((value) => ({ value, partition })) });
      produced[partition]!.push(...batch);
    }
  }
}

/** `offset value source-offset` of every record `derived` must hold, per partition. */
function expected(): string[][] {
  return produced.map((values) => {
    let offset = 0;
    return values.flatMap((value, sourceOffset) => ((JSON.parse(value) as { kind: string }).kind === "keep" ? [`${offset++} ${value} ${sourceOffset}`] : []));
  });
}

/**
 * Reads `derived` from the beginning with a new kafkajs group until it holds as many
 * records as expected; a record read twice (a redelivery) must read the same.
 */
async function readDerived(groupId: string, want: string[][]): Promise<string[][]> {
  const seen: Map<number, string>[] = Array.from({ length: PARTITIONS }, () => new Map<number, string>());
  const conflicts: string[] = [];
  const consumer = cluster.kafka(groupId).consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: "derived", fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const line = `${message.offset} ${message.value!.toString()} ${message.headers!["freshet.source.offset"]!.toString()}`;
        const before = seen[partition]!.get(Number(message.offset));
        if (before !== undefined && before !== line) conflicts.push(`${partition}: ${before} then ${line}`);
        seen[partition]!.set(Number(message.offset), line);
      },
    });
    const total = want.flat().length;
    await eventually(`${groupId} to read ${total} derived records`, () => (seen.reduce((n, m) => n + m.size, 0) >= total ? true : undefined), 30_000);
  } finally {
    await consumer.disconnect();
  }
  expect(conflicts).toEqual([]);
  return seen.map((byOffset) => [...byOffset.entries()].sort(([a], [b]) => a - b).map(([, line]) => line));
}

/** Each partition's end offset of `derived`, once it equals what is expected (so nothing more was appended). */
async function derivedEnds(want: string[][]): Promise<number[]> {
  const counts = want.map((lines) => lines.length);
  return eventually(
    "derived end offsets to settle",
    async () => {
      const offsets = await cluster.admin.fetchTopicOffsets("derived").catch(() => undefined);
      if (offsets === undefined) return undefined;
      const ends = offsets.sort((a, b) => a.partition - b.partition).map((o) => Number(o.high));
      return ends.every((end, p) => end === counts[p]) ? ends : undefined;
    },
    30_000,
  );
}

describe("derived topics in a cluster", () => {
  it("fills each derived partition from a source partition led elsewhere, exactly, across a source leader's death", async () => {
    // The module load can cost a busy machine's SPU a heartbeat; two-replica topics wait until every SPU is live.
    await cluster.waitForBrokers(cluster.spuIds);
    await client.admin.createTopics([{ name: "readings", partitions: PARTITIONS, replicationFactor: 2 }]);
    // Two partitions elsewhere shift where the derived topic's leaders start, away from the source's.
    await client.admin.createTopics([{ name: "spacer", partitions: 2, replicationFactor: 1 }]);
    await client.admin.createTopics([{ name: "derived", replicationFactor: 2, configs: { "freshet.source": "readings", "freshet.smartmodules": keepFilter } }]);
    const leaders = await Promise.all(Array.from({ length: PARTITIONS }, async (_, p) => ({ source: await cluster.leaderOf("readings", p), derived: await cluster.leaderOf("derived", p) })));
    const remote = leaders.findIndex(({ source, derived }) => source >= 0 && derived >= 0 && source !== derived);
    expect(remote, JSON.stringify(leaders)).toBeGreaterThanOrEqual(0);

    await produce(60);
    const first = expected();
    expect(first.map((lines) => lines.length)).toEqual([20, 20, 20]);
    expect(await readDerived("derived-readers-1", first)).toEqual(first);
    expect(await derivedEnds(first)).toEqual([20, 20, 20]);

    // Kill the leader of the source partition read remotely, with records still being derived.
    const victim = leaders[remote]!.source;
    await produce(30);
    await cluster.kill(victim, "SIGKILL");
    await cluster.waitForPartition("readings", remote, "a new leader", (state) => state.leader >= 0 && state.leader !== victim);
    await produce(30);

    const all = expected();
    expect(all.map((lines) => lines.length)).toEqual([40, 40, 40]);
    expect(await readDerived("derived-readers-2", all)).toEqual(all);
    expect(await derivedEnds(all)).toEqual([40, 40, 40]);
  }, 90_000);
});
