import { mkdtemp, rm } from "node:fs/promises";
import { createConnection, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeRequest } from "@freshet/protocol/framing/codec";
import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { apiVersions } from "@freshet/protocol/messages/api-versions";
import type { OffsetCommitResponse } from "@freshet/protocol/messages/offset-commit";
import { afterEach, describe, expect, it } from "vitest";
import { GroupCoordinator } from "../groups/group-coordinator.js";
import { OffsetStore } from "../groups/offset-store.js";
import type { BrokerContext } from "../handlers/broker-context.js";
import { offsetCommitHandler } from "../handlers/group-offsets.js";
import { apiVersionsHandler } from "../handlers/api-versions.js";
import { openTestLog } from "../log/test-support/open-test-log.js";
import { testBatch } from "../log/test-support/test-batches.js";
import type { ClusterStateView } from "../replication/cluster-link.js";
import { ReplicaManager } from "../replication/replica-manager.js";
import { scriptedLink } from "../replication/test-support/scripted-link.js";
import { Dispatcher } from "../server/dispatcher.js";
import type { RequestContext } from "../server/handler.js";
import { KafkaServer } from "../server/kafka-server.js";
import { silentLogger } from "../system/logger.js";
import { systemClock } from "../system/resources.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { Partition } from "../topics/partition.js";
import { defaultTopicConfig, topicConfigSchema } from "../topics/topic-config.js";
import type { TopicDescription, TopicsView } from "../topics/topics-view.js";
import { registerConnectionMetrics } from "./connection-metrics.js";
import { registerGroupMetrics } from "./group-metrics.js";
import { IsrChanges } from "./isr-changes.js";
import { registerIsrMetrics } from "./isr-metrics.js";
import { registerLogMetrics } from "./log-metrics.js";
import { createMetricsRegistry } from "./registry.js";
import { registerRequestMetrics } from "./request-metrics.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The sample lines of one metric family in the exposition text. */
function samples(text: string, name: string): string[] {
  return text.split("\n").filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "freshet-operational-metrics-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** SPU 0 leads orders/0 with replicas 0 and 1 (SPU 1 is live), at leader epoch 1 with `isr`. */
function ordersLedBy0(stateEpoch: number, isr: number[]): ClusterStateView {
  return {
    clusterId: "cluster-a",
    stateEpoch,
    nextProducerId: 0,
    spus: { "0": { host: "127.0.0.1", port: 9092, live: true }, "1": { host: "127.0.0.1", port: 9093, live: true } },
    topics: { orders: { id: "AAAAAAAAAAAAAAAAAAAAAA", config: defaultTopicConfig(), explicitConfig: [], partitions: [{ replicas: [0, 1], leader: 0, leaderEpoch: 1, isr }] } },
  };
}

describe("operational metrics", () => {
  it("count requests per API with their latency, and the listener's open and opened connections", async () => {
    const registry = createMetricsRegistry();
    const resources = { logger: silentLogger, clock: systemClock };
    const server = new KafkaServer({ maxFrameBytes: 1 << 20, maxInFlight: 5 }, resources);
    const { port } = await server.listen("127.0.0.1", 0);
    cleanups.push(() => server.close());
    const dispatcher: Dispatcher = new Dispatcher([apiVersionsHandler(() => dispatcher.advertised())], silentLogger, registerRequestMetrics(registry));
    server.serve(dispatcher);
    registerConnectionMetrics(registry, server);

    const client = await connect(port);
    for (let correlationId = 1; correlationId <= 3; correlationId++) {
      for (const chunk of encodeRequest(apiVersions, { apiKey: apiVersions.key, apiVersion: 0, correlationId, clientId: "metrics-test" }, { clientSoftwareName: "", clientSoftwareVersion: "" }))
        client.write(chunk);
    }
    await expect.poll(async () => value(await registry.metrics(), 'freshet_requests_total{api="ApiVersions"}'), { timeout: 5_000 }).toBe(3);

    const text = await registry.metrics();
    expect(text).toContain("# TYPE freshet_request_duration_seconds histogram");
    expect(value(text, 'freshet_request_duration_seconds_count{api="ApiVersions"}')).toBe(3);
    // Every answer took well under 30 s, and the sum of three latencies is below a second.
    expect(value(text, 'freshet_request_duration_seconds_bucket{le="30",api="ApiVersions"}')).toBe(3);
    expect(value(text, 'freshet_request_duration_seconds_sum{api="ApiVersions"}')).toBeLessThan(1);
    expect(samples(text, "freshet_connections_open")).toEqual(["freshet_connections_open 1"]);
    expect(samples(text, "freshet_connections_opened_total")).toEqual(["freshet_connections_opened_total 1"]);

    client.destroy();
    await expect.poll(async () => samples(await registry.metrics(), "freshet_connections_open"), { timeout: 5_000 }).toEqual(["freshet_connections_open 0"]);
    expect(samples(await registry.metrics(), "freshet_connections_opened_total")).toEqual(["freshet_connections_opened_total 1"]);
  });

  it("report a group's committed offset from its coordinator and a partition's high watermark from its leader only", async () => {
    const clock = new ManualClock(10_000);
    const partitions: Partition[] = [];
    for (const index of [0, 1]) {
      const { log } = await openTestLog({ durability: { mode: "none" } }, { clock, dir: `/data/topics/orders-${index}` });
      cleanups.push(() => log.close());
      partitions.push(new Partition("orders", index, log, clock, 0, 0));
    }
    // orders/0 is led here and holds 10 records; orders/1 is followed (its leader is SPU 2).
    await partitions[0]!.becomeLeader(1, [0], [0]);
    partitions[1]!.becomeFollower(1, 2);
    for (let fill = 0; fill < 2; fill++) {
      const batch = await testBatch({ count: 5, valueBytes: 10, fill });
      expect((await partitions[0]!.append(batch, readBatchHeader(batch))).ok).toBe(true);
    }
    const description: TopicDescription = {
      name: "orders",
      id: "AAAAAAAAAAAAAAAAAAAAAA",
      config: topicConfigSchema.parse({}),
      explicitConfig: [],
      partitions: [
        { index: 0, leader: 0, leaderEpoch: 1, replicas: [0], isr: [0] },
        { index: 1, leader: 2, leaderEpoch: 1, replicas: [2, 0], isr: [2, 0] },
      ],
    };
    const topics = {
      list: () => [description],
      describe: (name: string) => (name === "orders" ? description : undefined),
      local: (name: string, index: number) => (name === "orders" ? partitions[index] : undefined),
    };
    const resources = { logger: silentLogger, clock };
    const offsets = await OffsetStore.openLocal(join(await scratchDir(), "__consumer_offsets-0"), resources);
    cleanups.push(() => offsets.close());
    const coordinator = new GroupCoordinator(offsets, topics as unknown as TopicsView, resources, { initialRebalanceDelayMs: 0 });
    cleanups.push(async () => coordinator.close());
    const registry = createMetricsRegistry();
    registerGroupMetrics(registry, topics, offsets);

    const ctx = { coordinator } as unknown as BrokerContext;
    const context = { header: { apiVersion: 2 }, abandoned: new Promise<void>(() => undefined) } as unknown as RequestContext;
    const commit = (group: string, committed: [number, number][]) =>
      offsetCommitHandler(ctx).handle(
        {
          groupId: group,
          generationIdOrMemberEpoch: -1,
          memberId: "",
          groupInstanceId: null,
          retentionTimeMs: -1n,
          topics: [
            {
              name: "orders",
              partitions: committed.map(([partitionIndex, offset]) => ({ partitionIndex, committedOffset: BigInt(offset), committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null })),
            },
          ],
        },
        context,
      ) as Promise<OffsetCommitResponse>;
    const answer = await commit("billing", [
      [0, 4],
      [1, 7],
    ]);
    expect(answer.topics[0]!.partitions.map((p) => p.errorCode)).toEqual([0, 0]);
    // kafkajs's resetOffsets commits -1 (latest): a marker, not an offset lag could be computed from.
    await commit("audit", [[0, -1]]);

    const text = await registry.metrics();
    expect(samples(text, "freshet_consumer_group_committed_offset")).toEqual([
      'freshet_consumer_group_committed_offset{group="billing",topic="orders",partition="0"} 4',
      'freshet_consumer_group_committed_offset{group="billing",topic="orders",partition="1"} 7',
    ]);
    // The coordinator does not lead orders/1: its high watermark comes from SPU 2's scrape, not this one's.
    expect(samples(text, "freshet_partition_high_watermark")).toEqual(['freshet_partition_high_watermark{topic="orders",partition="0"} 10']);
  });

  it("count ISR shrinks and expands the controller confirms for a partition led here, and under-replicated partitions meanwhile", async () => {
    const dataDir = await scratchDir();
    const first = ordersLedBy0(1, [0, 1]);
    const isrChanges = new IsrChanges();
    // A follower that never fetches stays in the ISR for a minute: only the controller's states change it here.
    const manager = await ReplicaManager.start({ selfId: 0, dataDir, replicaLagMaxMs: 60_000, isrChanges }, scriptedLink(first).link, { logger: silentLogger, clock: systemClock });
    cleanups.push(() => manager.close());
    const registry = createMetricsRegistry();
    registerLogMetrics(registry, manager);
    registerIsrMetrics(registry, isrChanges);
    const scrape = async () => {
      const text = await registry.metrics();
      return [...samples(text, "freshet_isr_shrinks_total"), ...samples(text, "freshet_isr_expands_total"), ...samples(text, "freshet_under_replicated_partitions")];
    };
    expect(await scrape()).toEqual(["freshet_isr_shrinks_total 0", "freshet_isr_expands_total 0", "freshet_under_replicated_partitions 0"]);

    await manager.apply(ordersLedBy0(2, [0]));
    expect(await scrape()).toEqual(["freshet_isr_shrinks_total 1", "freshet_isr_expands_total 0", "freshet_under_replicated_partitions 1"]);
    // The same ISR again (a later state about another topic) changes nothing.
    await manager.apply(ordersLedBy0(3, [0]));
    await manager.apply(ordersLedBy0(4, [0, 1]));
    expect(await scrape()).toEqual(["freshet_isr_shrinks_total 1", "freshet_isr_expands_total 1", "freshet_under_replicated_partitions 0"]);
  });
});
