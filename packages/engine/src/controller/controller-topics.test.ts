import { afterEach, describe, expect, it } from "vitest";
import { defaultTopicConfig } from "../topics/topic-config.js";
import type { ClusterStateView } from "./cluster-state.js";
import { configWith, openController, outliveTimeout, type ControllerFixture } from "./test-support/controller-fixture.js";
import { MemoryClusterStateStore } from "./test-support/memory-state-store.js";

let fixture: ControllerFixture | undefined;
afterEach(async () => {
  await fixture?.controller.close();
  fixture = undefined;
});

function leadersPerSpu(state: ClusterStateView, topic: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const p of state.topics[topic]!.partitions) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
  return counts;
}

describe("topic creation", () => {
  it("spreads 6 partitions of RF 3 over 3 SPUs so each leads 2 and holds all 6", async () => {
    fixture = await openController([3, 1, 2]);
    const created = await fixture.controller.createTopic("orders", 6, 3, defaultTopicConfig(), []);
    expect(created.ok).toBe(true);
    const state = fixture.controller.state;
    expect(leadersPerSpu(state, "orders")).toEqual(
      new Map([
        [1, 2],
        [2, 2],
        [3, 2],
      ]),
    );
    for (const p of state.topics["orders"]!.partitions) {
      expect(new Set(p.replicas).size).toBe(3);
      expect(p.leader).toBe(p.replicas[0]);
      expect(p.isr).toEqual(p.replicas);
      expect(p.leaderEpoch).toBe(0);
    }
  });

  it("rotates where assignment starts, so single-partition topics do not all land on one SPU", async () => {
    fixture = await openController([1, 2, 3]);
    for (const name of ["a", "b", "c"]) expect((await fixture.controller.createTopic(name, 1, 1, defaultTopicConfig(), [])).ok).toBe(true);
    const leaders = ["a", "b", "c"].map((name) => fixture!.controller.state.topics[name]!.partitions[0]!.leader);
    expect(new Set(leaders).size).toBe(3);
  });

  it("refuses a replication factor above the live SPUs, and -1 means min(3, live)", async () => {
    fixture = await openController([1, 2]);
    const tooMany = await fixture.controller.createTopic("t", 1, 3, defaultTopicConfig(), []);
    expect(tooMany.ok ? null : tooMany.error.errorName).toBe("INVALID_REPLICATION_FACTOR");
    const byDefault = await fixture.controller.createTopic("t", 2, -1, defaultTopicConfig(), []);
    expect(byDefault.ok && byDefault.value.topic.partitions.map((p) => p.replicas.length)).toEqual([2, 2]);
  });

  it("does not count dead SPUs as room for replicas", async () => {
    fixture = await openController([1, 2, 3]);
    await outliveTimeout(fixture, [1, 2]);
    const refused = await fixture.controller.createTopic("t", 1, 3, defaultTopicConfig(), []);
    expect(refused.ok ? null : refused.error.errorName).toBe("INVALID_REPLICATION_FACTOR");
    const placed = await fixture.controller.createTopic("t", 4, 2, defaultTopicConfig(), []);
    expect(placed.ok && placed.value.topic.partitions.flatMap((p) => p.replicas).includes(3)).toBe(false);
  });

  it("answers bad requests with Kafka error names and changes nothing", async () => {
    fixture = await openController([1]);
    const { controller } = fixture;
    await controller.createTopic("t", 1, 1, defaultTopicConfig(), []);
    const epoch = controller.state.stateEpoch;
    const name = async (p: Promise<{ ok: boolean; error?: { errorName: string } }>) => (await p).error?.errorName;
    expect(await name(controller.createTopic("t", 1, 1, defaultTopicConfig(), []))).toBe("TOPIC_ALREADY_EXISTS");
    expect(await name(controller.createTopic("u", 0, 1, defaultTopicConfig(), []))).toBe("INVALID_PARTITIONS");
    expect(await name(controller.createTopic("u", 1, 0, defaultTopicConfig(), []))).toBe("INVALID_REPLICATION_FACTOR");
    expect(await name(controller.createTopic("bad name", 1, 1, defaultTopicConfig(), []))).toBe("INVALID_TOPIC_EXCEPTION");
    expect(await name(controller.createTopic("__internal", 1, 1, defaultTopicConfig(), []))).toBe("INVALID_TOPIC_EXCEPTION");
    expect(await name(controller.createTopic("u", 1, 1, configWith({ "min.insync.replicas": 0 }), []))).toBe("INVALID_CONFIG");
    expect(await name(controller.createTopic("u", 1, 1, defaultTopicConfig(), ["no.such.key"]))).toBe("INVALID_CONFIG");
    expect(await name(controller.deleteTopic("missing"))).toBe("UNKNOWN_TOPIC_OR_PARTITION");
    expect(await name(controller.addPartitions("missing", 3))).toBe("UNKNOWN_TOPIC_OR_PARTITION");
    expect(await name(controller.addPartitions("t", 1))).toBe("INVALID_PARTITIONS");
    expect(await name(controller.allocateProducerIds(0))).toBe("INVALID_REQUEST");
    expect(controller.state.stateEpoch).toBe(epoch);
    expect(Object.keys(controller.state.topics)).toEqual(["t"]);
  });

  it("deletes topics and grows them with the topic's replication factor", async () => {
    fixture = await openController([1, 2, 3]);
    const { controller } = fixture;
    await controller.createTopic("t", 2, 2, configWith({ "retention.ms": 1000 }), ["retention.ms"]);
    const grown = await controller.addPartitions("t", 5);
    expect(grown.ok).toBe(true);
    const partitions = controller.state.topics["t"]!.partitions;
    expect(partitions).toHaveLength(5);
    for (const p of partitions) expect(new Set(p.replicas).size).toBe(2);
    expect(controller.state.topics["t"]!.explicitConfig).toEqual(["retention.ms"]);
    const deleted = await controller.deleteTopic("t");
    expect(deleted.ok).toBe(true);
    expect(controller.state.topics["t"]).toBeUndefined();
  });

  it("ensureTopic creates an internal topic once and returns it unchanged afterwards", async () => {
    fixture = await openController([1, 2]);
    const first = await fixture.controller.ensureTopic("__consumer_offsets", 5, -1, defaultTopicConfig());
    expect(first.ok && first.value.created).toBe(true);
    const epoch = fixture.controller.state.stateEpoch;
    const again = await fixture.controller.ensureTopic("__consumer_offsets", 50, 1, defaultTopicConfig());
    expect(again.ok && !again.value.created && again.value.topic.partitions.length).toBe(5);
    expect(again.ok && first.ok && again.value.topic.id).toBe(first.ok ? first.value.topic.id : "");
    expect(fixture.controller.state.stateEpoch).toBe(epoch);
  });

  it("hands out producer-id blocks that do not overlap and are saved before they are returned", async () => {
    const store = new MemoryClusterStateStore();
    fixture = await openController([], { store });
    const a = await fixture.controller.allocateProducerIds(100);
    expect(a.ok && a.value).toMatchObject({ first: 0, count: 100 });
    expect(store.last!.nextProducerId).toBe(100);
    const b = await fixture.controller.allocateProducerIds(10);
    expect(b.ok && b.value).toMatchObject({ first: 100, count: 10 });
    expect(store.last!.nextProducerId).toBe(110);
  });

  it("acknowledges nothing it could not save", async () => {
    const store = new MemoryClusterStateStore();
    fixture = await openController([1], { store });
    const before = fixture.controller.state;
    store.failNextSaves = 1;
    const created = await fixture.controller.createTopic("t", 1, 1, defaultTopicConfig(), []);
    expect(created.ok ? null : created.error.errorName).toBe("KAFKA_STORAGE_ERROR");
    expect(fixture.controller.state).toBe(before);
    const ids = await fixture.controller.allocateProducerIds(5);
    expect(ids.ok && ids.value.first).toBe(0);
  });

  it("keeps the cluster within --max-partitions (internal topics aside), refusing with POLICY_VIOLATION and changing nothing", async () => {
    fixture = await openController([1, 2], { controller: { maxPartitions: 4 } });
    const { controller } = fixture;
    expect((await controller.createTopic("orders", 3, 1, defaultTopicConfig(), [])).ok).toBe(true);
    const before = controller.state;
    expect(await controller.createTopic("audit", 2, 1, defaultTopicConfig(), [])).toMatchObject({
      ok: false,
      error: { errorName: "POLICY_VIOLATION", message: "this cluster allows 4 partitions in all; it has 3, and 2 more were asked for" },
    });
    expect(await controller.addPartitions("orders", 5)).toMatchObject({ ok: false, error: { errorName: "POLICY_VIOLATION" } });
    expect(controller.state).toBe(before);
    expect((await controller.ensureTopic("__consumer_offsets", 50, 2, defaultTopicConfig())).ok).toBe(true);
    expect((await controller.addPartitions("orders", 4)).ok).toBe(true);
  });

  it("refuses a partition count above 10,000 before allocating anything", async () => {
    fixture = await openController([1]);
    expect((await fixture.controller.createTopic("small", 1, 1, defaultTopicConfig(), [])).ok).toBe(true);
    expect(await fixture.controller.addPartitions("small", 2 ** 31 - 1)).toMatchObject({ ok: false, error: { errorName: "INVALID_PARTITIONS" } });
    expect(fixture.controller.state.topics["small"]!.partitions).toHaveLength(1);
  });
});
