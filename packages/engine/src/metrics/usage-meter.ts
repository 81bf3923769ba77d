import { randomUUID } from "node:crypto";

// The counting side of usage metering, apart from its Prometheus series (usage-metrics.ts): the
// handlers count on every broker, prom-client is loaded only by a process that serves metrics.

/** What clients moved through one partition this broker led, since the process started. */
export interface PartitionUsage {
  producedBytes: number;
  producedRecords: number;
  fetchedBytes: number;
  fetchedRecords: number;
}

/** What one SmartModule version cost this broker, since the process started. */
export interface ModuleUsage {
  cpuSeconds: number;
  recordsIn: number;
  recordsOut: number;
  /** Process calls that failed (a trap, a deadline kill): their records got no output. */
  failedCalls: number;
  /** Records a successful call reported as errors instead of output. */
  recordErrors: number;
}

/**
 * Usage counters for billing, kept as plain numbers that handlers add to (a Map
 * lookup per partition and request, never per record) and that become Prometheus
 * series only at scrape time. Counters are cumulative for the life of the process
 * and carry its `incarnation`, a fresh UUID per start: a collector keys its last
 * reading by incarnation, so a restart shows up as new series starting at zero
 * rather than as a counter going down. A series, once made, stays until the process
 * ends, also after the broker stops leading its partition, so no usage is lost
 * between a leadership change and the next scrape.
 */
export class UsageMeter {
  readonly incarnation = randomUUID();
  readonly #partitions = new Map<string, Map<number, PartitionUsage>>();
  readonly #modules = new Map<string, { name: string; version: string; usage: ModuleUsage }>();

  partition(topic: string, index: number): PartitionUsage {
    let byIndex = this.#partitions.get(topic);
    if (byIndex === undefined) this.#partitions.set(topic, (byIndex = new Map<number, PartitionUsage>()));
    let usage = byIndex.get(index);
    if (usage === undefined) byIndex.set(index, (usage = { producedBytes: 0, producedRecords: 0, fetchedBytes: 0, fetchedRecords: 0 }));
    return usage;
  }

  module(name: string, version: string): ModuleUsage {
    const key = `${name}@${version}`;
    let entry = this.#modules.get(key);
    if (entry === undefined) this.#modules.set(key, (entry = { name, version, usage: { cpuSeconds: 0, recordsIn: 0, recordsOut: 0, failedCalls: 0, recordErrors: 0 } }));
    return entry.usage;
  }

  *partitions(): Generator<{ topic: string; partition: number; usage: PartitionUsage }> {
    for (const [topic, byIndex] of this.#partitions) for (const [partition, usage] of byIndex) yield { topic, partition, usage };
  }

  modules(): IterableIterator<{ name: string; version: string; usage: ModuleUsage }> {
    return this.#modules.values();
  }
}

/** Records in the Kafka record batches (magic 2) laid end to end in `bytes`: the count field of each batch header. */
export function recordsInBatches(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let records = 0;
  // baseOffset:int64 batchLength:int32 ... recordCount:int32 at 57; batchLength counts from byte 12.
  for (let at = 0; at + 61 <= bytes.byteLength; at += 12 + view.getInt32(at + 8)) records += view.getInt32(at + 57);
  return records;
}

/** Records in a packed batch (the SmartModule format): its leading little-endian u32. */
export function recordsInPacked(bytes: Uint8Array): number {
  return bytes.byteLength < 4 ? 0 : new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
}
