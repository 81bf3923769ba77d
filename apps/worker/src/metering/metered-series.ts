import { Decimal } from "@freshet/billing/money";
import type { Dimension } from "@freshet/billing/usage";
import type { Sample } from "./prometheus-text.js";

/** 1 per connector Running at a reading, labelled with its id; integrated, it is connector-hours. */
export const CONNECTOR_RUNNING_SERIES = "freshet_connector_running";

/** 2^30: GiB are binary, so a byte count divides into them exactly (at most 30 decimals). */
export const BYTES_PER_GIB = new Decimal(2).pow(30);

/**
 * How each billed metric of an SPU becomes usage. Counters are billed by their increase;
 * gauges by their integral over time (value × hours). `unit` is what one of the dimension is
 * worth in the metric's own unit. The incarnation gauge is always 1, so its integral is the
 * SPU's hours alive. Record counters are not billed and so not read.
 */
export const METERED = {
  freshet_partition_produced_bytes_total: { dimension: "ingress_gib", kind: "counter", unit: BYTES_PER_GIB },
  // Client fetches only: the engine does not count follower (replication) fetches.
  freshet_partition_fetched_bytes_total: { dimension: "egress_gib", kind: "counter", unit: BYTES_PER_GIB },
  freshet_smartmodule_cpu_seconds_total: { dimension: "smartmodule_cpu_seconds", kind: "counter", unit: new Decimal(1) },
  freshet_partition_storage_bytes: { dimension: "storage_gib_hours", kind: "gauge", unit: BYTES_PER_GIB },
  freshet_partitions_led: { dimension: "partition_hours", kind: "gauge", unit: new Decimal(1) },
  freshet_process_incarnation_info: { dimension: "spu_hours", kind: "gauge", unit: new Decimal(1) },
  // Not scraped: the collector adds it from the Connector rows (connector-series.ts).
  [CONNECTOR_RUNNING_SERIES]: { dimension: "connector_hours", kind: "gauge", unit: new Decimal(1) },
} as const satisfies Record<string, { dimension: Dimension; kind: "counter" | "gauge"; unit: Decimal }>;

export type MeteredMetric = keyof typeof METERED;
export const METERED_NAMES: ReadonlySet<string> = new Set(Object.keys(METERED));

/** The incarnation gauge's series: present in every reading of an SPU, so its cursor holds the SPU's last reading time. */
export const INCARNATION_SERIES = "freshet_process_incarnation_info";

/** One metered series of one reading: key (name and labels, without the incarnation), raw value. */
export interface SeriesValue {
  readonly series: string;
  readonly metric: MeteredMetric;
  readonly value: Decimal;
}

/** What one SPU process reported at one instant. */
export interface SpuReading {
  readonly spuId: number;
  readonly incarnation: string;
  /** Epoch milliseconds the scrape answered. */
  readonly readAt: number;
  readonly series: readonly SeriesValue[];
}

/** `name{a="1",b="2"}` with labels sorted and the incarnation left out (the cursor keys it apart). */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels)
    .filter(([label]) => label !== "incarnation")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(",")}}`;
}

/**
 * The reading of an SPU from its samples, or why there is none. Its incarnation is the one
 * label of the incarnation gauge; counter samples of another incarnation (none expected) are
 * dropped rather than billed under the wrong cursor.
 */
export function spuReading(spuId: number, readAt: number, samples: readonly Sample[]): { ok: true; reading: SpuReading } | { ok: false; reason: string } {
  const incarnations = samples.filter((s) => s.name === INCARNATION_SERIES).map((s) => s.labels.incarnation);
  const incarnation = incarnations[0];
  if (incarnations.length !== 1 || incarnation === undefined || incarnation === "") {
    return { ok: false, reason: `SPU ${spuId} reports ${incarnations.length} incarnations; usage metrics need exactly one (is it started with --metrics-port?)` };
  }
  const series: SeriesValue[] = [];
  for (const sample of samples) {
    const metric = sample.name as MeteredMetric;
    if (!Object.hasOwn(METERED, metric)) continue;
    if (METERED[metric].kind === "counter" && sample.labels.incarnation !== incarnation) continue;
    series.push({ series: metric === INCARNATION_SERIES ? INCARNATION_SERIES : seriesKey(metric, sample.labels), metric, value: sample.value });
  }
  return { ok: true, reading: { spuId, incarnation, readAt, series } };
}
