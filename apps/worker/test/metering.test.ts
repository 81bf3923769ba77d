import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Decimal } from "@freshet/billing/money";
import type { PrismaClient } from "@freshet/db/client";
import { isAlive } from "@freshet/spu-worker/launch";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisConnection } from "@freshet/control-plane/jobs/redis-connection";
import { Queue } from "bullmq";
import { BYTES_PER_GIB } from "../src/metering/metered-series.js";
import { COLLECT_USAGE_JOB, startMetering } from "../src/metering/metering-worker.js";
import { httpScrape, UsageCollector, type Scrape } from "../src/metering/usage-collector.js";
import { ProvisioningWorker } from "../src/provisioning-worker.js";
import { produceBatch } from "./support/record-batch.js";
import { CONTROL_PLANE_SECRET, createFixture, REDIS_URL, runningClusterWithTopic, tenantKafka, type Fixture } from "./support/fixture.js";

const TOPIC = "metered";

/** The address a listening TCP port is bound to, from /proc/net/tcp (IPv4, hex, little-endian). */
async function boundAddress(port: number): Promise<string | null> {
  const portHex = port.toString(16).toUpperCase().padStart(4, "0");
  for (const line of (await readFile("/proc/net/tcp", "utf8")).split("\n").slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (state === "0A" && local?.endsWith(`:${portHex}`)) return local.slice(0, 8);
  }
  return null;
}

describe("usage collector (real Postgres, Redis and SPU processes)", () => {
  let fx: Fixture;
  let worker: ProvisioningWorker;
  let clusterId: string;
  const logger = pino({ level: "silent" });
  const collector = (prisma: PrismaClient = fx.prisma, scrape: Scrape = httpScrape, now: () => number = Date.now) => new UsageCollector({ prisma, targets: fx.driver, logger, scrape, now });

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
    ({ clusterId } = await runningClusterWithTopic(fx, TOPIC));
  });

  afterAll(async () => {
    await worker?.close();
    await fx?.close();
  });

  async function bootstrap(): Promise<string> {
    const row = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    return `${row.bootstrapHost}:${row.bootstrapPort}`;
  }

  async function produce(count: number): Promise<number> {
    return produceBatch(tenantKafka(await bootstrap(), "alice", "alice-password"), TOPIC, count);
  }

  /** A dimension's total over all hours, as stored, and in bytes for the byte dimensions. */
  async function total(dimension: string): Promise<Decimal> {
    const rows = await fx.prisma.usageHour.findMany({ where: { orgId: fx.orgId, clusterId, dimension } });
    return rows.reduce((sum, row) => sum.plus(row.quantity.toFixed()), new Decimal(0));
  }

  const totals = async (): Promise<Record<"ingress_gib" | "egress_gib" | "storage_gib_hours" | "spu_hours", string>> => ({
    ingress_gib: (await total("ingress_gib")).toFixed(),
    egress_gib: (await total("egress_gib")).toFixed(),
    storage_gib_hours: (await total("storage_gib_hours")).toFixed(),
    spu_hours: (await total("spu_hours")).toFixed(),
  });

  let produced = 0;

  it("finds every SPU's metrics endpoint, listening on loopback only", async () => {
    const targets = await fx.driver.metricsTargets(clusterId, 1);
    expect(targets).toEqual([{ spuId: 0, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/) }]);
    const port = Number(new URL(targets[0]!.url).port);
    expect(await boundAddress(port)).toBe("0100007F");
    expect(await (await fetch(targets[0]!.url)).text()).toContain("freshet_partition_produced_bytes_total");
  });

  it("bills exactly the bytes produced and consumed, and nothing more when nothing happened", async () => {
    // The first reading sets the cursors: the topic's series start at 0 before any traffic.
    expect(await collector().collect()).toMatchObject({ clusters: 1, readings: 1, unread: 0, failedClusters: 0 });
    produced += await produce(10);
    expect(produced).toBe(10_151);
    expect(await collector().collect()).toMatchObject({ readings: 1, failedClusters: 0 });
    expect(await total("ingress_gib")).toEqual(new Decimal(produced).div(BYTES_PER_GIB));
    expect((await total("ingress_gib")).times(BYTES_PER_GIB).toFixed()).toBe(String(produced));

    const consumer = tenantKafka(await bootstrap(), "alice", "alice-password").consumer({ groupId: "meter-readers" });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void (seen += 1) });
    await expect.poll(() => seen, { timeout: 15_000 }).toBe(10);
    await consumer.disconnect();
    await collector().collect();
    // One consumer read the one batch once: egress is the same bytes.
    expect((await total("egress_gib")).times(BYTES_PER_GIB).toFixed()).toBe(String(produced));
    expect((await total("storage_gib_hours")).gt(0)).toBe(true);

    const before = await totals();
    await collector().collect();
    const after = await totals();
    expect({ ingress: after.ingress_gib, egress: after.egress_gib }).toEqual({ ingress: before.ingress_gib, egress: before.egress_gib });
    expect(new Decimal(after.spu_hours).gt(before.spu_hours)).toBe(true);
  });

  it("counts a restarted SPU's new incarnation from zero: the total is exactly the sum", async () => {
    const [spu] = await fx.driver.processes(clusterId).then((ps) => ps.filter((p) => p.dataDir.endsWith("/spu-0")));
    const cursorsBefore = await fx.prisma.meterCursor.findMany({ where: { clusterId }, distinct: ["incarnation"], select: { incarnation: true } });
    process.kill(spu!.identity.pid, "SIGKILL");
    await expect.poll(() => isAlive(spu!.identity)).toBe(false);
    // Dead: nothing to read, nothing billed.
    expect(await collector().collect()).toMatchObject({ readings: 0, unread: 1 });
    await worker.reconcile();
    await expect.poll(async () => (await fx.driver.metricsTargets(clusterId, 1)).length, { timeout: 20_000 }).toBe(1);

    const admin = tenantKafka(await bootstrap(), "alice", "alice-password").admin();
    await admin.connect();
    await expect.poll(async () => (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics[0]?.partitions[0]?.leader, { timeout: 20_000 }).toBe(0);
    await admin.disconnect();
    const second = await produce(7);
    expect(second).toBe(7_124);
    produced += second;
    expect(await collector().collect()).toMatchObject({ readings: 1, failedClusters: 0 });
    expect((await total("ingress_gib")).times(BYTES_PER_GIB).toFixed()).toBe(String(produced));
    const cursorsAfter = await fx.prisma.meterCursor.findMany({ where: { clusterId }, distinct: ["incarnation"], select: { incarnation: true } });
    expect(cursorsAfter).toHaveLength(1);
    expect(cursorsAfter[0]!.incarnation).not.toBe(cursorsBefore[0]!.incarnation);
  });

  it("never bills twice: a pass that fails after inserting its events, and a replay of a scrape against old cursors", async () => {
    const cursors = await fx.prisma.meterCursor.findMany({ where: { clusterId }, orderBy: [{ incarnation: "asc" }, { series: "asc" }] });
    const events = await fx.prisma.usageEvent.count();
    produced += await produce(3);

    let insertedBeforeCrash = 0;
    const crashing = fx.prisma.$extends({
      query: {
        usageEvent: {
          async createManyAndReturn({ args, query }) {
            const rows = await query(args);
            insertedBeforeCrash = rows.length;
            return rows;
          },
        },
        usageHour: {
          upsert() {
            throw new Error("injected crash after the events were inserted");
          },
        },
      },
    }) as unknown as PrismaClient;
    expect(await collector(crashing).collect()).toMatchObject({ failedClusters: 1, eventsInserted: 0 });
    expect(insertedBeforeCrash).toBeGreaterThan(0);
    expect(await fx.prisma.usageEvent.count()).toBe(events);
    expect(await fx.prisma.meterCursor.findMany({ where: { clusterId }, orderBy: [{ incarnation: "asc" }, { series: "asc" }] })).toEqual(cursors);

    // The replay must carry the same reading time as the pass it replays: a gauge event's id names
    // the interval it covers, so the clock the collector read is recorded, not one taken nearby.
    let recordedText: string | null = null;
    let recordedAt: number | null = null;
    const recording: Scrape = async (url, signal) => (recordedText = await httpScrape(url, signal));
    const recordingClock = () => (recordedAt = Date.now());
    expect(await collector(fx.prisma, recording, recordingClock).collect()).toMatchObject({ readings: 1, failedClusters: 0 });
    expect((await total("ingress_gib")).times(BYTES_PER_GIB).toFixed()).toBe(String(produced));
    const billed = await totals();

    // As if the events had landed but the cursors had not moved: the same scrape again adds nothing.
    await fx.prisma.$transaction([fx.prisma.meterCursor.deleteMany({ where: { clusterId } }), fx.prisma.meterCursor.createMany({ data: cursors })]);
    const replay = { text: recordedText!, at: recordedAt! };
    expect(
      await collector(
        fx.prisma,
        async () => replay.text,
        () => replay.at,
      ).collect(),
    ).toMatchObject({ readings: 1, eventsInserted: 0 });
    expect(await totals()).toEqual(billed);
    console.log(`metered ingress: ${produced} bytes = ${new Decimal(produced).div(BYTES_PER_GIB).toFixed()} GiB`);
  });

  it("runs as a repeatable job: two workers share one scheduler, and a pass bills new traffic", async () => {
    const queueName = `metering-test-${randomBytes(6).toString("hex")}`;
    const options = { redisUrl: REDIS_URL, queueName, intervalMs: 1_000, collector: collector(), logger };
    const [one, two] = [await startMetering(options), await startMetering(options)];
    const queue = new Queue(queueName, { connection: redisConnection(REDIS_URL) });
    try {
      expect((await queue.getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([[COLLECT_USAGE_JOB, 1_000]]);
      produced += await produce(1);
      await expect.poll(async () => (await total("ingress_gib")).times(BYTES_PER_GIB).toFixed(), { timeout: 15_000 }).toBe(String(produced));
    } finally {
      await one.close();
      await one.close();
      await two.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
