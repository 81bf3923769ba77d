import { createTenantConnector } from "@freshet/control-plane/tenant-connector";
import { newId } from "@freshet/db/ids";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProvisioningWorker } from "../src/provisioning-worker.js";
import { SpendCapEnforcer } from "../src/spend-cap/spend-cap-enforcer.js";
import { tenantProducerQuotas } from "../src/spend-cap/tenant-producer-quotas.js";
import { CONTROL_PLANE_SECRET, createFixture, REDIS_URL, runningClusterWithTopic, tenantKafka, type Fixture } from "./support/fixture.js";

const TOPIC = "capped";
const FLOOR_BYTES_PER_SECOND = 64 * 1024;
const VALUE = Buffer.alloc(8 * 1024, "c");

describe("spend cap (real Postgres, Redis, SPU processes and kafkajs)", () => {
  let fx: Fixture;
  let worker: ProvisioningWorker;
  let clusterId: string;
  let bootstrap: string;
  const logger = pino({ level: "silent" });
  let enforcer: SpendCapEnforcer;

  beforeAll(async () => {
    fx = await createFixture();
    worker = await ProvisioningWorker.start({
      redisUrl: REDIS_URL,
      queueName: fx.queueName,
      prisma: fx.prisma,
      provisioner: fx.driver,
      connectorHost: fx.driver.connectors,
      dataflowHost: fx.driver.dataflows,
      controlPlaneSecret: CONTROL_PLANE_SECRET,
      logger,
    });
    ({ clusterId, bootstrap } = await runningClusterWithTopic(fx, TOPIC));
    await fx.prisma.billingAccount.create({ data: { id: newId("billingAccount"), orgId: fx.orgId, hardCapMinor: 100 } });
    enforcer = new SpendCapEnforcer({ prisma: fx.prisma, quotas: tenantProducerQuotas(createTenantConnector(CONTROL_PLANE_SECRET)), floorBytesPerSecond: FLOOR_BYTES_PER_SECOND, logger });
  });

  afterAll(async () => {
    await worker?.close();
    await fx?.close();
  });

  let acknowledged = 0;
  /** Produces 8 KiB records, one acks=all request at a time, for `ms`; returns the acknowledged bytes per second. */
  async function throughput(ms: number): Promise<number> {
    const producer = tenantKafka(bootstrap, "alice", "alice-password").producer();
    await producer.connect();
    const started = Date.now();
    let bytes = 0;
    try {
      while (Date.now() - started < ms) {
        await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 4 }, (_, i) => ({ key: String(acknowledged + i), value: VALUE })) });
        acknowledged += 4;
        bytes += 4 * VALUE.length;
      }
    } finally {
      await producer.disconnect();
    }
    return bytes / ((Date.now() - started) / 1000);
  }

  const setCap = (capState: "capped" | "uncapped") => fx.prisma.billingAccount.update({ where: { orgId: fx.orgId }, data: { capState } });

  it("throttles producers to the floor while capped, lifts it when the cap is, and loses nothing acknowledged", async () => {
    expect(await enforcer.enforce()).toEqual({ throttled: [], released: [clusterId], failed: [] });
    const before = await throughput(2_000);

    await setCap("capped");
    expect(await enforcer.enforce()).toEqual({ throttled: [clusterId], released: [], failed: [] });
    // A second pass has nothing to change.
    expect(await enforcer.enforce()).toEqual({ throttled: [], released: [], failed: [] });
    // The first request of a throttled producer goes through at full speed; the rate is read over several seconds.
    const capped = await throughput(6_000);

    await setCap("uncapped");
    expect(await enforcer.enforce()).toEqual({ throttled: [], released: [clusterId], failed: [] });
    const after = await throughput(2_000);

    console.log(
      `spend cap: ${(before / 1024).toFixed(0)} KiB/s uncapped, ${(capped / 1024).toFixed(0)} KiB/s capped (floor ${FLOOR_BYTES_PER_SECOND / 1024}), ${(after / 1024).toFixed(0)} KiB/s after the cap was lifted`,
    );
    expect(before).toBeGreaterThan(4 * FLOOR_BYTES_PER_SECOND);
    expect(capped).toBeLessThan(1.5 * FLOOR_BYTES_PER_SECOND);
    expect(capped).toBeGreaterThan(0.3 * FLOOR_BYTES_PER_SECOND);
    expect(after).toBeGreaterThan(4 * FLOOR_BYTES_PER_SECOND);

    // Every acknowledged record is in the log, once.
    const consumer = tenantKafka(bootstrap, "alice", "alice-password").consumer({ groupId: "cap-audit" });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const seen = new Map<string, number>();
    await consumer.run({ eachMessage: async ({ message }) => void seen.set(String(message.key), (seen.get(String(message.key)) ?? 0) + 1) });
    await expect.poll(() => seen.size, { timeout: 30_000 }).toBe(acknowledged);
    await consumer.disconnect();
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
  });
});
