import type { ProducerRecord } from "@freshet/client/producer/producer-record";

/** The JSON value every row moves: ~100 bytes, with fields the postgres and lake rows map to columns. */
export function benchValue(i: number): string {
  const value = JSON.stringify({ id: i, name: `sensor-${i.toString().padStart(6, "0")}`, value: (i % 1000) / 10, ts: 1_700_000_000_000 + i, pad: "" });
  return value.replace('"pad":""', `"pad":"${"x".repeat(Math.max(0, 100 - value.length))}"`);
}

export function benchRecords(count: number): ProducerRecord[] {
  return Array.from({ length: count }, (_, i) => ({ key: `k${i.toString()}`, value: benchValue(i) }));
}

/** Records per produce request, in the connector runtime (delivery.batchSize's default) and in the plain loops alike. */
export const BATCH = 500;
