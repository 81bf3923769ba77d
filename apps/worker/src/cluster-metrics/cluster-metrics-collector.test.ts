import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterMetricsCollector } from "./cluster-metrics-collector.js";

let db: TestDatabase;
let prisma: PrismaClient;
let clusterId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  const orgId = newId("organization");
  await prisma.organization.create({ data: { id: orgId, name: "Acme", slug: "acme", createdAt: new Date() } });
  clusterId = newId("cluster");
  await prisma.cluster.create({ data: { id: clusterId, orgId, name: "main", region: "local", plan: "pro", spuCount: 2, partitionsLimit: 100, status: "Running" } });
}, 60_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** SPU 0's page as prom-client prints it, `produced` records so far; SPU 1 is down throughout. */
const page = (produced: number) =>
  [
    "# TYPE freshet_process_incarnation_info gauge",
    'freshet_process_incarnation_info{incarnation="i-1"} 1',
    "# TYPE freshet_partition_produced_records_total counter",
    `freshet_partition_produced_records_total{topic="orders",partition="0",incarnation="i-1"} ${produced}`,
    "# TYPE freshet_partition_storage_bytes gauge",
    'freshet_partition_storage_bytes{topic="orders",partition="0"} 4096',
    "",
  ].join("\n");

describe("the cluster metrics collector", () => {
  it("stores a raw point per pass with rates from the last one, folds a finished 5-minute bucket once, and prunes by age", async () => {
    // Just after a bucket boundary: the first passes' bucket has not ended yet.
    let now = Date.UTC(2026, 11, 7, 12, 0, 1);
    let produced = 0;
    const collector = new ClusterMetricsCollector({
      prisma,
      targets: { metricsTargets: () => Promise.resolve([{ spuId: 0, url: "http://spu-0/metrics" }]) },
      logger: pino({ level: "silent" }),
      now: () => now,
      scrape: () => Promise.resolve(page(produced)),
    });
    expect(await collector.collect()).toMatchObject({ clusters: 1, points: 1, failedClusters: 0 });
    now += 10_000;
    produced = 50;
    await collector.collect();
    const raw = await prisma.clusterMetricPoint.findMany({ where: { clusterId, resolution: "raw" }, orderBy: { at: "asc" } });
    expect(raw.map((point) => (point.data as { inRecordsPerSecond: number | null }).inRecordsPerSecond)).toEqual([null, 5]);
    expect(raw[1]!.data).toMatchObject({
      storageBytes: 4096,
      partitions: 1,
      spus: [
        { spuId: 0, live: true },
        { spuId: 1, live: false, partitionsLed: null },
      ],
    });

    // Into the next bucket: the one that ended is folded, once however many passes follow.
    now = Date.UTC(2026, 11, 7, 12, 5, 2);
    produced = 80;
    expect(await collector.collect()).toMatchObject({ downsampled: 1 });
    now += 1_000;
    expect(await collector.collect()).toMatchObject({ downsampled: 0, failedClusters: 0 });
    const folded = await prisma.clusterMetricPoint.findMany({ where: { clusterId, resolution: "5m" } });
    expect(folded).toEqual([expect.objectContaining({ at: new Date(Date.UTC(2026, 11, 7, 12, 0, 0)), counters: null })]);
    expect(folded[0]!.data).toMatchObject({ inRecordsPerSecond: 5 });

    // Two hours on, the raw points of the first hour are gone; the 5-minute point stays for a day.
    now = Date.UTC(2026, 11, 7, 14, 5, 30);
    const report = await collector.collect();
    expect(report.pruned).toBe(4);
    expect(await prisma.clusterMetricPoint.count({ where: { clusterId, resolution: "5m", at: new Date(Date.UTC(2026, 11, 7, 12, 0, 0)) } })).toBe(1);
    now = Date.UTC(2026, 11, 8, 12, 30, 0);
    await collector.collect();
    expect(await prisma.clusterMetricPoint.count({ where: { clusterId, at: { lt: new Date(Date.UTC(2026, 11, 8, 0, 0, 0)) } } })).toBe(0);
  });
});
