import { Counter, Gauge, type Registry } from "prom-client";
import type { DamagedRangeStats } from "../log/damage/damaged-ranges.js";
import type { Partition } from "../topics/partition.js";
import type { TopicsView } from "../topics/topics-view.js";

const PARTITION_LABELS = ["topic", "partition"] as const;

type PartitionLabel = (typeof PARTITION_LABELS)[number];
type PartitionLabels = Record<PartitionLabel, string>;

/** Where the broker's replicas are found: its topics and the replicas it holds of them. */
export type PartitionSource = Pick<TopicsView, "list" | "local">;

/** The replicas this broker holds, with the labels their series carry. */
function* localPartitions(topics: PartitionSource): Generator<{ labels: PartitionLabels; partition: Partition }> {
  for (const topic of topics.list()) {
    for (const placement of topic.partitions) {
      const partition = topics.local(topic.name, placement.index);
      if (partition) yield { labels: { topic: topic.name, partition: String(placement.index) }, partition };
    }
  }
}

/** Sets a per-partition gauge at scrape time; partitions gone since the last scrape lose their series. */
function perPartition(topics: PartitionSource, value: (partition: Partition) => number): (this: Gauge<PartitionLabel>) => void {
  return function collect() {
    this.reset();
    for (const { labels, partition } of localPartitions(topics)) this.set(labels, value(partition));
  };
}

function sumOfDamage(field: (range: DamagedRangeStats) => number): (partition: Partition) => number {
  return (partition) => partition.log.damagedRanges().reduce((total, range) => total + field(range), 0);
}

/**
 * Gauges over the partition replicas of a broker, read from the logs at scrape time (no
 * bookkeeping of their own). Damaged ranges are the offsets of closed segments that
 * failed their checks: reads of them answer CORRUPT_MESSAGE until the data is restored,
 * so any non-zero freshet_log_damaged_ranges is worth an alert.
 */
export function registerLogMetrics(registry: Registry, topics: PartitionSource): void {
  const registers = [registry];
  new Gauge({
    name: "freshet_partitions_led",
    help: "Partitions whose leader replica is on this broker.",
    registers,
    collect() {
      let led = 0;
      for (const { partition } of localPartitions(topics)) if (partition.isLeader) led += 1;
      this.set(led);
    },
  });
  new Gauge({
    name: "freshet_under_replicated_partitions",
    help: "Partitions led here whose in-sync replicas are fewer than their assigned replicas. Only a partition's leader counts it, so a sum over SPUs counts each partition once.",
    registers,
    collect() {
      let under = 0;
      for (const topic of topics.list()) {
        for (const placement of topic.partitions) {
          const partition = topics.local(topic.name, placement.index);
          if (partition?.isLeader === true && partition.isr.length < placement.replicas.length) under += 1;
        }
      }
      this.set(under);
    },
  });
  new Gauge({
    name: "freshet_log_size_bytes",
    help: "Bytes of the segment files of a partition replica's log.",
    labelNames: PARTITION_LABELS,
    registers,
    collect: perPartition(topics, (partition) => partition.log.size()),
  });
  new Gauge({
    name: "freshet_log_damaged_ranges",
    help: "Offset ranges of a partition replica's log that failed their checks and cannot be served (reads answer CORRUPT_MESSAGE).",
    labelNames: PARTITION_LABELS,
    registers,
    collect: perPartition(topics, (partition) => partition.log.damagedRanges().length),
  });
  new Gauge({
    name: "freshet_log_damaged_offsets",
    help: "Offsets in the damaged ranges of a partition replica's log: the records consumers of this replica cannot read.",
    labelNames: PARTITION_LABELS,
    registers,
    collect: perPartition(
      topics,
      sumOfDamage((range) => range.to - range.from),
    ),
  });
  new Gauge({
    name: "freshet_log_damaged_bytes",
    help: "Bytes of segment files in the damaged ranges of a partition replica's log, as found (a missing segment file counts 0).",
    labelNames: PARTITION_LABELS,
    registers,
    collect: perPartition(
      topics,
      sumOfDamage((range) => range.bytes),
    ),
  });
  new Counter({
    name: "freshet_log_damaged_reads_refused_total",
    help: "Reads of a partition replica's damaged ranges refused since its log opened.",
    labelNames: PARTITION_LABELS,
    registers,
    collect() {
      const refused = sumOfDamage((range) => range.refusedReads);
      this.reset();
      for (const { labels, partition } of localPartitions(topics)) this.inc(labels, refused(partition));
    },
  });
}
