import { createClient, type FreshetClient } from "@freshet/client/client";
import type { SmartConsumed } from "@freshet/client/consumer/smart-consume";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import type { Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./support/cluster.js";
import { eventually } from "./support/spu-process.js";

/*
 * SmartFetch in a cluster: the module is loaded through an SPU (the controller
 * owns the registry), read from the partition's leader, and an aggregate's stream
 * survives the leader's death: the client opens a session on the new leader from
 * its last position with its last accumulators.
 */

let cluster: TestCluster;
let client: FreshetClient;
let producer: Producer;

beforeAll(async () => {
  // Compiled before the cluster starts: the build keeps both cores busy for seconds, long enough on
  // a loaded machine for the controller to miss an SPU's heartbeats and count it out.
  const runningSum = (await buildSmartModule(examplePath("running-sum"))).wasm;
  cluster = await TestCluster.start({ spus: 2 });
  client = createClient({
    bootstrap: cluster.brokers.join(","),
    clientId: "smart-consume-cluster",
    // Long enough to ride out an election (controller timeout 2 s).
    retry: { retries: 30, initialDelayMs: 100, maxDelayMs: 500, factor: 2 },
  });
  await client.admin.loadSmartModule("running-sum", "0.1.0", runningSum);
  producer = cluster.kafka("smart-consume-cluster").producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
}, 180_000);

afterAll(async () => {
  await producer?.disconnect();
  await client?.close();
  await cluster?.cleanup();
});

describe("SmartFetch in a cluster", () => {
  it("keeps an aggregate's running totals across a leader fail-over", async () => {
    await cluster.waitForBrokers(cluster.spuIds);
    await client.admin.createTopics([{ name: "amounts", partitions: 1, replicationFactor: 2 }]);
    const abort = new AbortController();
    const seen: string[] = [];
    const line = (item: SmartConsumed) => (item.kind === "record" ? `${item.record.offset} ${Buffer.from(item.record.value!).toString()}` : `${item.error.offset} ! ${item.error.message}`);
    const reading = (async () => {
      const chain = [{ module: "running-sum", params: { field: "n" } }];
      for await (const item of client.smartConsume({ topic: "amounts", chain, start: { kind: "beginning" }, signal: abort.signal })) seen.push(line(item));
    })();
    try {
      await producer.send({ topic: "amounts", acks: -1, messages: [1, 2, 3].map((n) => ({ value: JSON.stringify({ n }) })) });
      await eventually("the first totals", () => (seen.length === 3 ? true : undefined));
      const leader = await cluster.leaderOf("amounts", 0);
      await cluster.kill(leader);
      await cluster.waitForPartition("amounts", 0, "a new leader", (state) => state.leader >= 0 && state.leader !== leader);
      await producer.send({ topic: "amounts", acks: -1, messages: [10, 20].map((n) => ({ value: JSON.stringify({ n }) })) });
      await eventually("the totals after fail-over", () => (seen.length === 5 ? true : undefined), 30_000);
      expect(seen).toEqual(['0 {"count":1,"sum":1}', '1 {"count":2,"sum":3}', '2 {"count":3,"sum":6}', '3 {"count":4,"sum":16}', '4 {"count":5,"sum":36}']);
    } finally {
      abort.abort();
      await reading;
    }
  });
});
