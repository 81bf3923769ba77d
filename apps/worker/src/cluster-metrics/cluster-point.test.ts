import { describe, expect, it } from "vitest";
import { parseSamples } from "../metering/prometheus-text.js";
import { clusterPoint } from "./cluster-point.js";
import { downsample } from "./downsample.js";
import { histogramQuantile } from "./latency-quantile.js";
import { CLUSTER_METRIC_NAMES, type SpuScrape } from "./spu-counters.js";

/** An SPU's /metrics page as prom-client prints it (histogram buckets with `le` first). */
function page(incarnation: string, lines: string[]): string {
  return [
    "# TYPE freshet_process_incarnation_info gauge",
    `freshet_process_incarnation_info{incarnation="${incarnation}"} 1`,
    "# TYPE freshet_request_duration_seconds histogram",
    ...lines.filter((line) => line.startsWith("freshet_request_duration_seconds")),
    ...lines.filter((line) => !line.startsWith("freshet_request_duration_seconds")),
    "",
  ].join("\n");
}

function scrape(spuId: number, readAt: number, text: string): SpuScrape {
  const parsed = parseSamples(text, CLUSTER_METRIC_NAMES);
  if (!parsed.ok) throw new Error(parsed.reason);
  return { spuId, ok: true, readAt, samples: parsed.samples };
}

const produced = (incarnation: string, topic: string, partition: number, records: number, bytes: number) => [
  `freshet_partition_produced_records_total{topic="${topic}",partition="${partition}",incarnation="${incarnation}"} ${records}`,
  `freshet_partition_produced_bytes_total{topic="${topic}",partition="${partition}",incarnation="${incarnation}"} ${bytes}`,
];
const latency = (fast: number, all: number) => [
  `freshet_request_duration_seconds_bucket{le="0.001",api="Produce"} ${fast}`,
  `freshet_request_duration_seconds_bucket{le="0.01",api="Produce"} ${all}`,
  `freshet_request_duration_seconds_bucket{le="+Inf",api="Produce"} ${all}`,
  `freshet_request_duration_seconds_count{api="Produce"} ${all}`,
  // Fetches wait out their maxWait: never part of the Produce p99.
  `freshet_request_duration_seconds_bucket{le="+Inf",api="Fetch"} ${all * 10}`,
];

describe("cluster metric points", () => {
  it("turn counter growth per SPU process into cluster and topic rates, and a restarted SPU's counters into growth from zero", () => {
    const first = clusterPoint(
      [
        scrape(0, 10_000, page("a", [...produced("a", "orders", 0, 100, 10_000), ...latency(10, 10)])),
        scrape(1, 10_000, page("b", [...produced("b", "orders", 1, 50, 5_000), ...produced("b", "__consumer_offsets", 0, 7, 700)])),
      ],
      {},
    );
    // Nothing to subtract yet: no rates, but gauges and SPUs are there.
    expect(first.data).toMatchObject({
      inRecordsPerSecond: null,
      produceLatencyP99Seconds: null,
      spus: [
        { spuId: 0, live: true },
        { spuId: 1, live: true },
      ],
    });

    const second = clusterPoint(
      [
        // SPU 0 grew by 100 records in 10 s; SPU 1 restarted (new incarnation) and counted 20 since.
        scrape(0, 20_000, page("a", [...produced("a", "orders", 0, 200, 20_000), ...latency(19, 20), "freshet_partitions_led 3"])),
        scrape(1, 20_000, page("c", [...produced("c", "orders", 1, 20, 2_000), ...produced("c", "__consumer_offsets", 0, 1, 100)])),
        { spuId: 2, ok: false },
      ],
      first.counters,
    );
    expect(second.data).toMatchObject({ inRecordsPerSecond: 12, inBytesPerSecond: 1_200, outRecordsPerSecond: 0 });
    expect(second.data.topics).toEqual({ orders: { inRecordsPerSecond: 12, inBytesPerSecond: 1_200, outRecordsPerSecond: 0, outBytesPerSecond: 0 } });
    expect(second.data.spus).toEqual([
      { spuId: 0, live: true, partitionsLed: 3 },
      { spuId: 1, live: true, partitionsLed: 0 },
      { spuId: 2, live: false, partitionsLed: null },
    ]);
    // 10 new Produce requests, 9 under 1 ms and 1 between 1 and 10 ms: the 99th is in the second bucket.
    expect(second.data.produceLatencyP99Seconds).toBeCloseTo(0.001 + 0.009 * 0.9, 9);
    expect(second.counters["1"]!.incarnation).toBe("c");
  });

  it("compute a group's lag from its coordinator's committed offsets and other SPUs' high watermarks, and gauges counted once", () => {
    const point = clusterPoint(
      [
        scrape(
          0,
          1_000,
          page("a", [
            'freshet_consumer_group_committed_offset{group="billing",topic="orders",partition="0"} 40',
            'freshet_consumer_group_committed_offset{group="billing",topic="orders",partition="1"} 5',
            'freshet_consumer_group_committed_offset{group="billing",topic="orders",partition="2"} 5',
            'freshet_partition_high_watermark{topic="orders",partition="0"} 50',
            'freshet_partition_storage_bytes{topic="orders",partition="0"} 1000',
            'freshet_partition_storage_bytes{topic="__consumer_offsets",partition="0"} 10',
          ]),
        ),
        scrape(
          1,
          1_000,
          page("b", ['freshet_partition_high_watermark{topic="orders",partition="1"} 9', 'freshet_partition_storage_bytes{topic="orders",partition="1"} 500', "freshet_under_replicated_partitions 1"]),
        ),
      ],
      {},
    );
    // orders/2's leader did not answer: its lag is unknown and left out, not reported as 0.
    expect(point.data.groups).toEqual({
      billing: {
        lag: 14,
        partitions: [
          { topic: "orders", partition: 0, lag: 10 },
          { topic: "orders", partition: 1, lag: 4 },
        ],
      },
    });
    expect(point.data).toMatchObject({ storageBytes: 1510, partitions: 2, underReplicatedPartitions: 1 });
    expect(Object.keys(point.data.topics)).toEqual(["orders"]);
  });

  it("downsample a bucket: mean rates, highest p99, gauges as it ended", () => {
    const base = clusterPoint([scrape(0, 1_000, page("a", ['freshet_partition_storage_bytes{topic="t",partition="0"} 1']))], {}).data;
    const point = downsample([
      { ...base, inRecordsPerSecond: 10, produceLatencyP99Seconds: 0.002, storageBytes: 1 },
      { ...base, inRecordsPerSecond: null, produceLatencyP99Seconds: null, storageBytes: 2 },
      { ...base, inRecordsPerSecond: 20, produceLatencyP99Seconds: 0.004, storageBytes: 3 },
    ]);
    expect(point).toMatchObject({ inRecordsPerSecond: 15, produceLatencyP99Seconds: 0.004, storageBytes: 3 });
    expect(downsample([])).toBeNull();
  });

  it("take a histogram quantile as PromQL does", () => {
    expect(histogramQuantile(0.5, { "1": 0, "2": 10, "+Inf": 10 })).toBe(1.5);
    expect(histogramQuantile(0.99, { "1": 5, "+Inf": 10 })).toBe(1);
    expect(histogramQuantile(0.99, { "+Inf": 0 })).toBeNull();
  });
});
