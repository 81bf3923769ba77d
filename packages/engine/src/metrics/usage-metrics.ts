import { Counter, Gauge, type Registry } from "prom-client";
import type { PartitionSource } from "./log-metrics.js";
import type { PartitionUsage, UsageMeter } from "./usage-meter.js";

type Labels<K extends string> = Record<K, string>;

function counter<K extends string>(registry: Registry, name: string, help: string, labelNames: readonly K[], samples: () => Iterable<[Labels<K>, number]>): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of samples()) this.inc(labels, value);
    },
  });
}

/**
 * Registers the usage counters of `meter` and the storage gauge. Partitions this
 * broker leads get their series (at zero) before any traffic, so a scraper sees
 * every counter start from zero.
 */
export function registerUsageMetrics(registry: Registry, topics: PartitionSource, meter: UsageMeter): void {
  const { incarnation } = meter;
  new Gauge({
    name: "freshet_process_incarnation_info",
    help: "Always 1; its incarnation label is new at every process start and is carried by every usage counter.",
    labelNames: ["incarnation"],
    registers: [registry],
    collect() {
      this.set({ incarnation }, 1);
    },
  });
  const led = (): { topic: string; partition: number; bytes: number }[] => {
    const out = [];
    for (const topic of topics.list()) {
      for (const placement of topic.partitions) {
        const partition = topics.local(topic.name, placement.index);
        if (partition?.isLeader) out.push({ topic: topic.name, partition: placement.index, bytes: partition.log.size() });
      }
    }
    return out;
  };
  new Gauge({
    name: "freshet_partition_storage_bytes",
    help: "Bytes of the log of a partition this broker leads (one series per partition in the cluster; freshet_log_size_bytes covers every replica).",
    labelNames: ["topic", "partition"],
    registers: [registry],
    collect() {
      this.reset();
      for (const { topic, partition, bytes } of led()) this.set({ topic, partition: String(partition) }, bytes);
    },
  });
  const partitionSamples = (field: keyof PartitionUsage) =>
    function* (): Generator<[Labels<"topic" | "partition" | "incarnation">, number]> {
      for (const { topic, partition } of led()) meter.partition(topic, partition);
      for (const { topic, partition, usage } of meter.partitions()) yield [{ topic, partition: String(partition), incarnation }, usage[field]];
    };
  const partitionLabels = ["topic", "partition", "incarnation"] as const;
  counter(
    registry,
    "freshet_partition_produced_bytes_total",
    "Bytes of record batches clients produced to a partition led here, counted once appended (idempotent retries not again).",
    partitionLabels,
    partitionSamples("producedBytes"),
  );
  counter(registry, "freshet_partition_produced_records_total", "Records clients produced to a partition led here, counted once appended.", partitionLabels, partitionSamples("producedRecords"));
  counter(
    registry,
    "freshet_partition_fetched_bytes_total",
    "Bytes of records sent to consumers (Fetch, and SmartFetch output) from a partition led here; follower fetches are not counted.",
    partitionLabels,
    partitionSamples("fetchedBytes"),
  );
  counter(
    registry,
    "freshet_partition_fetched_records_total",
    "Records sent to consumers from a partition led here (whole batches; SmartFetch: the chain's output records).",
    partitionLabels,
    partitionSamples("fetchedRecords"),
  );
  const moduleLabels = ["smartmodule", "version", "incarnation"] as const;
  counter(
    registry,
    "freshet_smartmodule_cpu_seconds_total",
    "Seconds a SmartModule's successful process calls ran on their worker thread, timed inside the thread (a synchronous call with no I/O: its CPU time).",
    moduleLabels,
    function* () {
      for (const { name, version, usage } of meter.modules()) yield [{ smartmodule: name, version, incarnation }, usage.cpuSeconds];
    },
  );
  counter(
    registry,
    "freshet_smartmodule_records_total",
    "Records given to (direction=in) and returned by (direction=out) a SmartModule's successful process calls.",
    [...moduleLabels, "direction"],
    function* () {
      for (const { name, version, usage } of meter.modules()) {
        yield [{ smartmodule: name, version, incarnation, direction: "in" }, usage.recordsIn];
        yield [{ smartmodule: name, version, incarnation, direction: "out" }, usage.recordsOut];
      }
    },
  );
  counter(
    registry,
    "freshet_smartmodule_errors_total",
    "SmartModule failures: process calls that failed (kind=call: a trap or a deadline kill; their records got no output) and records a call reported as errors (kind=record).",
    [...moduleLabels, "kind"],
    function* () {
      for (const { name, version, usage } of meter.modules()) {
        yield [{ smartmodule: name, version, incarnation, kind: "call" }, usage.failedCalls];
        yield [{ smartmodule: name, version, incarnation, kind: "record" }, usage.recordErrors];
      }
    },
  );
}
