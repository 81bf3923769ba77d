import { z } from "zod";
import type { Sample } from "../metering/prometheus-text.js";

/** The families a cluster metrics pass reads from each SPU. */
export const CLUSTER_METRIC_NAMES: ReadonlySet<string> = new Set([
  "freshet_process_incarnation_info",
  "freshet_partition_produced_records_total",
  "freshet_partition_produced_bytes_total",
  "freshet_partition_fetched_records_total",
  "freshet_partition_fetched_bytes_total",
  "freshet_request_duration_seconds_bucket",
  "freshet_partition_storage_bytes",
  "freshet_partitions_led",
  "freshet_under_replicated_partitions",
  "freshet_partition_high_watermark",
  "freshet_consumer_group_committed_offset",
]);

/** Counter values keyed by "topic/partition" (Kafka topic names have no "/"; JSONB refuses the NUL the engine's keys use). */
const byPartition = z.record(z.string(), z.number());

/**
 * What one SPU process's counters were at one reading: kept in the raw point (`counters`) so the
 * next pass can subtract it. Cumulative since the process started; `incarnation` says which start.
 */
export const spuCountersSchema = z.object({
  incarnation: z.string(),
  readAt: z.number(),
  producedRecords: byPartition,
  producedBytes: byPartition,
  fetchedRecords: byPartition,
  fetchedBytes: byPartition,
  /** Cumulative Produce requests per latency bucket, keyed by its upper bound (`le`). */
  produceLatency: z.record(z.string(), z.number()),
});
export type SpuCounters = z.infer<typeof spuCountersSchema>;

/** The counters of a cluster's SPUs, keyed by SPU id. */
export const clusterCountersSchema = z.record(z.string(), spuCountersSchema);
export type ClusterCounters = z.infer<typeof clusterCountersSchema>;

export const partitionKey = (topic: string, partition: string | number): string => `${topic}/${partition}`;

export function splitPartitionKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf("/");
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}

/** What one SPU answered at one instant, or that it did not. */
export type SpuScrape = { readonly spuId: number; readonly ok: true; readonly readAt: number; readonly samples: readonly Sample[] } | { readonly spuId: number; readonly ok: false };

const PRODUCE = "Produce";

/** The counters of one answered scrape; null when it names no single incarnation (not an engine with usage metrics). */
export function countersOf(readAt: number, samples: readonly Sample[]): SpuCounters | null {
  const incarnations = samples.filter((s) => s.name === "freshet_process_incarnation_info").map((s) => s.labels.incarnation ?? "");
  if (incarnations.length !== 1 || incarnations[0] === "") return null;
  const counters: SpuCounters = { incarnation: incarnations[0]!, readAt, producedRecords: {}, producedBytes: {}, fetchedRecords: {}, fetchedBytes: {}, produceLatency: {} };
  const fields = {
    freshet_partition_produced_records_total: counters.producedRecords,
    freshet_partition_produced_bytes_total: counters.producedBytes,
    freshet_partition_fetched_records_total: counters.fetchedRecords,
    freshet_partition_fetched_bytes_total: counters.fetchedBytes,
  } as Record<string, Record<string, number>>;
  for (const sample of samples) {
    const field = Object.hasOwn(fields, sample.name) ? fields[sample.name] : undefined;
    if (field !== undefined && sample.labels.topic !== undefined) field[partitionKey(sample.labels.topic, sample.labels.partition ?? "")] = sample.value.toNumber();
    if (sample.name === "freshet_request_duration_seconds_bucket" && sample.labels.api === PRODUCE && sample.labels.le !== undefined) {
      counters.produceLatency[sample.labels.le] = sample.value.toNumber();
    }
  }
  return counters;
}

/**
 * How much each counter grew since `previous`, and over how many seconds: the same process
 * subtracts its earlier reading (a counter that went down counts 0); a new incarnation counted
 * from zero since it started, after the previous reading. Null without an earlier reading.
 */
export function growth(
  current: SpuCounters,
  previous: SpuCounters | undefined,
): { seconds: number; delta: (field: keyof Omit<SpuCounters, "incarnation" | "readAt">) => Record<string, number> } | null {
  if (previous === undefined || current.readAt <= previous.readAt) return null;
  const same = previous.incarnation === current.incarnation;
  return {
    seconds: (current.readAt - previous.readAt) / 1000,
    delta(field) {
      const out: Record<string, number> = {};
      for (const [key, value] of Object.entries(current[field])) out[key] = same ? Math.max(0, value - (previous[field][key] ?? 0)) : value;
      return out;
    },
  };
}
