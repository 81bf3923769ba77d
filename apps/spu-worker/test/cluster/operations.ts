import { offsetsPartitionFor } from "@freshet/engine/replication/replicated-offsets";
import { describe, expect, it } from "vitest";
import { clusterForSuite, type TestCluster } from "../support/cluster.js";
import { eventually } from "../support/spu-process.js";
import { readAllWithKafkajs } from "./readers.js";
import { reportLogsOnFailure } from "./reporting.js";
import { createReplicatedTopic } from "./workload.js";

const range = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

/**
 * Cluster operations beyond plain fail-over: group coordinators moving with their
 * SPU, min.insync.replicas, SPUs replaced by empty ones (also inside the liveness
 * timeout, which the controller must fence), and SPUs added to a running cluster.
 */
export function operationsScenario(): void {
  describe("cluster operations", () => {
    let cluster!: TestCluster;
    clusterForSuite({ spus: 3 }, (started) => (cluster = started));

    const values = async (topic: string) => (await readAllWithKafkajs(cluster.kafka(`read-${topic}`), cluster.admin, topic)).map((r) => r.value);

    it("moves a group's coordinator when its SPU dies, keeping committed offsets", async ({ onTestFailed }) => {
      reportLogsOnFailure(onTestFailed, () => cluster);
      const topic = "coordinated";
      const groupId = "movers";
      await createReplicatedTopic(cluster.admin, topic, 1);
      const producer = cluster.kafka("coordinated").producer();
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: range("a", 10).map((value) => ({ value })) });
      const seen: string[] = [];
      const consumer = cluster.kafka("movers").consumer({ groupId, maxWaitTimeInMs: 100, heartbeatInterval: 300, sessionTimeout: 6000 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ autoCommitInterval: 200, eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
      const committedAt = async () => (await cluster.admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions[0]!.offset;
      await eventually("the commit of the first ten", async () => ((await committedAt()) === "10" ? true : undefined), 30_000);
      const offsets = (await cluster.admin.fetchTopicMetadata({ topics: ["__consumer_offsets"] })).topics[0]!;
      const coordinator = offsets.partitions.find((p) => p.partitionId === offsetsPartitionFor(groupId))!.leader;
      await cluster.kill(coordinator, "SIGKILL");
      await producer.send({ topic, acks: -1, messages: range("b", 10).map((value) => ({ value })) });
      await eventually("the commit of all twenty through the new coordinator", async () => ((await committedAt()) === "20" ? true : undefined), 45_000);
      await consumer.disconnect();
      await producer.disconnect();
      // The new coordinator had the first commit: nothing was consumed twice.
      expect(seen).toEqual([...range("a", 10), ...range("b", 10)]);
      await cluster.restart(coordinator);
    }, 120_000);

    it("refuses acks=all below min.insync.replicas, and catches up an SPU replaced by an empty one", async ({ onTestFailed }) => {
      reportLogsOnFailure(onTestFailed, () => cluster);
      const topic = "strict";
      await cluster.admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3, configEntries: [{ name: "min.insync.replicas", value: "3" }] }], waitForLeaders: true });
      const producer = cluster.kafka("strict", { retry: { retries: 0 } }).producer();
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ value: "v0" }] });
      const { leader, replicas } = await cluster.partition(topic, 0);
      const follower = replicas.find((id) => id !== leader)!;
      await cluster.kill(follower, "SIGKILL");
      await cluster.waitForPartition(topic, 0, "the ISR without the dead follower", (p) => !p.isr.includes(follower));
      await expect(producer.send({ topic, acks: -1, messages: [{ value: "refused" }] })).rejects.toThrow(/fewer in-sync replicas/);
      // acks=1 does not wait for the ISR and is accepted.
      await producer.send({ topic, acks: 1, messages: [{ value: "v1" }] });
      await producer.disconnect();
      await cluster.replaceEmpty(follower);
      await cluster.waitForPartition(topic, 0, "the empty replacement caught up and back in the ISR", (p) => p.isr.length === 3);
      expect(await values(topic)).toEqual(["v0", "v1"]);
    }, 120_000);

    it("fences a leader that comes back with a wiped disk before it was declared dead, losing nothing", async ({ onTestFailed }) => {
      reportLogsOnFailure(onTestFailed, () => cluster);
      const topic = "wiped-leader";
      await createReplicatedTopic(cluster.admin, topic, 1);
      const producer = cluster.kafka("wiped").producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      for (const value of range("v", 40)) await producer.send({ topic, acks: -1, messages: [{ value }] });
      const { leader } = await cluster.partition(topic, 0);
      // Killed, wiped and restarted well inside the controller's 2 s liveness timeout.
      await cluster.replaceEmpty(leader);
      await cluster.waitForPartition(topic, 0, "leadership moved off the restarted SPU", (p) => p.leader >= 0 && p.leader !== leader);
      await producer.send({ topic, acks: -1, messages: [{ value: "v40" }] });
      await producer.disconnect();
      await cluster.waitForPartition(topic, 0, "the wiped SPU caught up and back in the ISR", (p) => p.isr.includes(leader));
      expect(await values(topic)).toEqual(range("v", 41));
    }, 120_000);

    it("places replicas of new partitions on an SPU added to the cluster", async ({ onTestFailed }) => {
      reportLogsOnFailure(onTestFailed, () => cluster);
      const added = await cluster.add();
      await cluster.admin.createTopics({ topics: [{ topic: "spread", numPartitions: 4, replicationFactor: 3 }], waitForLeaders: true });
      const partitions = (await cluster.admin.fetchTopicMetadata({ topics: ["spread"] })).topics[0]!.partitions;
      expect(partitions.filter((p) => p.replicas.includes(added)).length).toBe(3);
      expect(partitions.filter((p) => p.leader === added).length).toBe(1);
    }, 60_000);
  });
}
