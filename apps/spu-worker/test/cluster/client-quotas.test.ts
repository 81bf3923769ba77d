import { createClient, type FreshetClient } from "@freshet/client/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterForSuite, type TestCluster } from "../support/cluster.js";
import { eventually } from "../support/spu-process.js";

/*
 * The spend cap's throttle (issue 12): a default producer_byte_rate set through any SPU
 * reaches every SPU from the controller, slows a real kafkajs producer down to about
 * the rate, and lifting it lets the producer run free again. Throttling never fails or
 * drops a write: every acknowledged record is read back exactly once.
 */
const RATE = 64 * 1024;
const VALUE_BYTES = 1024;
const BATCH = 8;

describe("client quotas in a cluster", () => {
  let cluster!: TestCluster;
  let client!: FreshetClient;
  clusterForSuite({ spus: 2 }, (started) => (cluster = started));
  beforeAll(() => {
    client = createClient({ bootstrap: cluster.brokers.join(","), clientId: "quota-admin" });
  });
  afterAll(async () => {
    await client?.close();
  });

  it("throttles producers to the default producer_byte_rate and lets them go when it is removed", async () => {
    const topic = "capped";
    await cluster.admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 2 }] });
    await cluster.waitForPartition(topic, 0, "a leader and both replicas in sync", (p) => p.leader >= 0 && p.isr.length === 2);
    const producer = cluster.kafka("capped-producer").producer();
    await producer.connect();
    const acknowledged: string[] = [];
    let sequence = 0;
    /** Produces batches for `ms`; returns the acknowledged value bytes per second. */
    const produceFor = async (ms: number): Promise<number> => {
      const start = Date.now();
      let bytes = 0;
      while (Date.now() - start < ms) {
        const ids = Array.from({ length: BATCH }, () => `r${sequence++}`);
        await producer.send({ topic, acks: -1, messages: ids.map((id) => ({ key: id, value: id.padEnd(VALUE_BYTES, ".") })) });
        acknowledged.push(...ids);
        bytes += BATCH * VALUE_BYTES;
      }
      return bytes / ((Date.now() - start) / 1000);
    };

    const before = await produceFor(3_000);
    await client.admin.setDefaultProducerByteRate(RATE);
    // Set through one SPU, seen by every SPU (each answers Describe from the controller's state it follows).
    for (const broker of cluster.brokers) {
      const reader = createClient({ bootstrap: broker, clientId: "quota-reader" });
      try {
        await eventually(`the quota on ${broker}`, async () =>
          (await reader.admin.describeClientQuotas()).some((e) => e.entity.user === null && e.values.producerByteRate === RATE) ? true : undefined,
        );
      } finally {
        await reader.close();
      }
    }
    const during = await produceFor(8_000);
    await client.admin.setDefaultProducerByteRate(null);
    expect(await client.admin.describeClientQuotas()).toEqual([]);
    const after = await produceFor(3_000);
    await producer.disconnect();
    console.info(`quota throughput (bytes/s): before ${Math.round(before)}, during ${Math.round(during)} (quota ${RATE}), after ${Math.round(after)}`);

    expect(before).toBeGreaterThan(4 * RATE);
    expect(during).toBeGreaterThan(0.5 * RATE);
    expect(during).toBeLessThan(1.5 * RATE);
    expect(after).toBeGreaterThan(4 * RATE);

    const seen = new Map<string, number>();
    const consumer = cluster.kafka("capped-reader").consumer({ groupId: "capped-readers" });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const id = message.key!.toString();
        seen.set(id, (seen.get(id) ?? 0) + 1);
      },
    });
    await eventually("every acknowledged record read back", () => (acknowledged.every((id) => seen.has(id)) ? true : undefined), 60_000);
    await consumer.disconnect();
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(acknowledged.filter((id) => seen.get(id) !== 1)).toEqual([]);
  });
});
