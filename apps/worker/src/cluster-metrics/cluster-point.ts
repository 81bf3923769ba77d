import type { ClusterMetricsData, GroupLag, Throughput } from "@freshet/control-plane/metrics/cluster-metrics-data";
import type { Sample } from "../metering/prometheus-text.js";
import { histogramQuantile } from "./latency-quantile.js";
import { countersOf, growth, partitionKey, splitPartitionKey, type ClusterCounters, type SpuScrape } from "./spu-counters.js";

/** Internal topics (`__consumer_offsets`, ...) are the engine's, not the tenant's: left out of counts and rates. */
const internal = (topic: string): boolean => topic.startsWith("__");

type Rates = { inRecords: number; inBytes: number; outRecords: number; outBytes: number };
const zero = (): Rates => ({ inRecords: 0, inBytes: 0, outRecords: 0, outBytes: 0 });

function throughput(rates: Rates | null): Throughput {
  return {
    inRecordsPerSecond: rates?.inRecords ?? null,
    inBytesPerSecond: rates?.inBytes ?? null,
    outRecordsPerSecond: rates?.outRecords ?? null,
    outBytesPerSecond: rates?.outBytes ?? null,
  };
}

function sum(samples: readonly Sample[], name: string): number {
  return samples.filter((s) => s.name === name).reduce((total, s) => total + s.value.toNumber(), 0);
}

/** Lag per group from the coordinators' committed offsets and the leaders' high watermarks, whichever SPUs report them. */
function groupLags(samples: readonly Sample[]): Record<string, GroupLag> {
  const highWatermarks = new Map<string, number>();
  for (const s of samples) {
    if (s.name !== "freshet_partition_high_watermark") continue;
    const key = partitionKey(s.labels.topic ?? "", s.labels.partition ?? "");
    // Two SPUs answer for a partition only while its leadership moves: the higher mark is the newer.
    highWatermarks.set(key, Math.max(highWatermarks.get(key) ?? 0, s.value.toNumber()));
  }
  const groups: Record<string, GroupLag> = {};
  for (const s of samples) {
    if (s.name !== "freshet_consumer_group_committed_offset" || s.labels.group === undefined) continue;
    const key = partitionKey(s.labels.topic ?? "", s.labels.partition ?? "");
    const end = highWatermarks.get(key);
    // The partition's leader did not answer this pass: its lag is unknown, not zero.
    if (end === undefined) continue;
    const group = (groups[s.labels.group] ??= { lag: 0, partitions: [] });
    const lag = Math.max(0, end - s.value.toNumber());
    group.lag += lag;
    group.partitions.push({ ...splitPartitionKey(key), lag });
  }
  for (const group of Object.values(groups)) group.partitions.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  return groups;
}

/**
 * One pass's point of a cluster from its SPUs' scrapes and the counters of the pass before:
 * rates from counter growth per SPU process (summed over SPUs), gauges as read, Produce p99
 * from the growth of the latency buckets. Also the counters to keep for the next pass; an SPU
 * that did not answer keeps its earlier counters, so its next answer covers the gap.
 */
export function clusterPoint(scrapes: readonly SpuScrape[], previous: ClusterCounters): { data: ClusterMetricsData; counters: ClusterCounters } {
  const counters: ClusterCounters = {};
  const all: Sample[] = [];
  let total: Rates | null = null;
  const topics = new Map<string, Rates>();
  const latency: Record<string, number> = {};
  let latencyRead = false;
  const spus: ClusterMetricsData["spus"] = [];
  for (const scrape of scrapes) {
    const earlier = previous[String(scrape.spuId)];
    const current = scrape.ok ? countersOf(scrape.readAt, scrape.samples) : null;
    if (!scrape.ok || current === null) {
      if (earlier !== undefined) counters[String(scrape.spuId)] = earlier;
      spus.push({ spuId: scrape.spuId, live: false, partitionsLed: null });
      continue;
    }
    all.push(...scrape.samples);
    counters[String(scrape.spuId)] = current;
    spus.push({ spuId: scrape.spuId, live: true, partitionsLed: sum(scrape.samples, "freshet_partitions_led") });
    const grown = growth(current, earlier);
    if (grown === null) continue;
    total ??= zero();
    const fields = [
      ["inRecords", grown.delta("producedRecords")],
      ["inBytes", grown.delta("producedBytes")],
      ["outRecords", grown.delta("fetchedRecords")],
      ["outBytes", grown.delta("fetchedBytes")],
    ] as const;
    for (const [field, deltas] of fields) {
      for (const [key, delta] of Object.entries(deltas)) {
        const { topic } = splitPartitionKey(key);
        if (internal(topic)) continue;
        const rate = delta / grown.seconds;
        total[field] += rate;
        const perTopic = topics.get(topic) ?? zero();
        perTopic[field] += rate;
        topics.set(topic, perTopic);
      }
    }
    latencyRead = true;
    for (const [le, delta] of Object.entries(grown.delta("produceLatency"))) latency[le] = (latency[le] ?? 0) + delta;
  }
  const ledPartitions = all.filter((s) => s.name === "freshet_partition_storage_bytes" && !internal(s.labels.topic ?? ""));
  const topicRates: Record<string, Throughput> = {};
  // Every client topic gets a series, idle ones at 0 (null before there are rates at all).
  for (const s of ledPartitions) topicRates[s.labels.topic!] = throughput(total === null ? null : zero());
  for (const [topic, rates] of topics) topicRates[topic] = throughput(rates);
  const data: ClusterMetricsData = {
    ...throughput(total),
    storageBytes: sum(all, "freshet_partition_storage_bytes"),
    partitions: new Set(ledPartitions.map((s) => partitionKey(s.labels.topic ?? "", s.labels.partition ?? ""))).size,
    underReplicatedPartitions: sum(all, "freshet_under_replicated_partitions"),
    produceLatencyP99Seconds: latencyRead ? histogramQuantile(0.99, latency) : null,
    spus: spus.sort((a, b) => a.spuId - b.spuId),
    topics: topicRates,
    groups: groupLags(all),
  };
  return { data, counters };
}
