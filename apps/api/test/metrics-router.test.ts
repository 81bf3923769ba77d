import { DOWNSAMPLED_BUCKET_MS, type ClusterMetricsData } from "@freshet/control-plane/metrics/cluster-metrics-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";

let api: TestApi;
let owner: Client;
let clusterId: string;

function point(overrides: Partial<ClusterMetricsData>): ClusterMetricsData {
  return {
    inRecordsPerSecond: 1,
    inBytesPerSecond: 100,
    outRecordsPerSecond: 2,
    outBytesPerSecond: 200,
    storageBytes: 1_000,
    partitions: 3,
    underReplicatedPartitions: 0,
    produceLatencyP99Seconds: 0.002,
    spus: [{ spuId: 0, live: true, partitionsLed: 3 }],
    topics: { orders: { inRecordsPerSecond: 1, inBytesPerSecond: 100, outRecordsPerSecond: 2, outBytesPerSecond: 200 } },
    groups: { billing: { lag: 5, partitions: [{ topic: "orders", partition: 0, lag: 5 }] } },
    ...overrides,
  };
}

beforeAll(async () => {
  api = await startTestApi();
  owner = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await owner.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await owner.orgs.setActive.mutate({ organizationId: org.id });
  clusterId = (await owner.clusters.create.mutate({ name: "main", region: "local", plan: "free" })).id;
  const now = Date.now();
  const bucket = Math.floor(now / DOWNSAMPLED_BUCKET_MS) * DOWNSAMPLED_BUCKET_MS - DOWNSAMPLED_BUCKET_MS;
  await api.prisma.clusterMetricPoint.createMany({
    data: [
      // Past the hour: only the day's 5-minute points show it.
      { clusterId, resolution: "5m", at: new Date(bucket - 2 * 3_600_000), data: point({ inRecordsPerSecond: 7 }) },
      { clusterId, resolution: "5m", at: new Date(bucket), data: point({ inRecordsPerSecond: 8 }) },
      // Inside the folded bucket: the day shows the 5-minute point instead.
      { clusterId, resolution: "raw", at: new Date(bucket + 1_000), data: point({ inRecordsPerSecond: 9 }) },
      { clusterId, resolution: "raw", at: new Date(bucket + DOWNSAMPLED_BUCKET_MS + 1_000), data: point({ inRecordsPerSecond: 10, groups: {}, underReplicatedPartitions: 1 }) },
      { clusterId, resolution: "raw", at: new Date(now - 2 * 3_600_000), data: point({ inRecordsPerSecond: 11 }) },
      // Written by some other version of the worker: skipped, not served half-read.
      { clusterId, resolution: "raw", at: new Date(now - 1_000), data: { storageBytes: "a lot" } },
    ],
  });
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe("metrics router", () => {
  it("serves the last hour's raw points and the last day's 5-minute points followed by newer raw ones", async () => {
    const hour = await owner.metrics.overview.query({ clusterId, range: "hour" });
    expect(hour.points.map((p) => p.inRecordsPerSecond)).toEqual([9, 10]);
    expect(hour.latest).toMatchObject({ spus: [{ spuId: 0, live: true, partitionsLed: 3 }], partitions: 3, underReplicatedPartitions: 1 });
    const day = await owner.metrics.overview.query({ clusterId, range: "day" });
    expect(day.points.map((p) => p.inRecordsPerSecond)).toEqual([7, 8, 10]);
  });

  it("serves a topic's rates and a group's lag where they were seen", async () => {
    const rates = await owner.metrics.topicRates.query({ clusterId, topic: "orders", range: "hour" });
    expect(rates.points.map((p) => p.outBytesPerSecond)).toEqual([200, 200]);
    expect((await owner.metrics.topicRates.query({ clusterId, topic: "unknown", range: "hour" })).points).toEqual([]);
    const lag = await owner.metrics.groupLag.query({ clusterId, groupId: "billing", range: "hour" });
    expect(lag.points.map((p) => p.lag)).toEqual([5]);
    expect(lag.latest).toMatchObject({ lag: 5, partitions: [{ topic: "orders", partition: 0, lag: 5 }] });
  });
});
