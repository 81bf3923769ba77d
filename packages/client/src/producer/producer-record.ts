import type { RecordToBuild } from "@freshet/protocol/records/build-batch";
import type { RecordHeader } from "@freshet/protocol/records/record";

export type Bytes = Uint8Array | string;

export interface ProducerRecord {
  readonly key?: Bytes | null;
  /** null = tombstone. */
  readonly value: Bytes | null;
  readonly headers?: Readonly<Record<string, Bytes | null>> | readonly RecordHeader[];
  /** Explicit partition; otherwise the partitioner decides. */
  readonly partition?: number;
  /** Milliseconds since the epoch; defaults to the send time. */
  readonly timestamp?: number;
}

const encoder = new TextEncoder();

export function toBytes(value: Bytes): Uint8Array;
export function toBytes(value: Bytes | null | undefined): Uint8Array | null;
export function toBytes(value: Bytes | null | undefined): Uint8Array | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? encoder.encode(value) : value;
}

function toHeaders(headers: ProducerRecord["headers"]): RecordHeader[] {
  if (headers === undefined) return [];
  if (Array.isArray(headers)) return headers as RecordHeader[];
  return Object.entries(headers as Record<string, Bytes | null>).map(([key, value]) => ({ key, value: toBytes(value) }));
}

export function toRecordToBuild(record: ProducerRecord, now: number): RecordToBuild {
  return {
    key: toBytes(record.key),
    value: toBytes(record.value),
    headers: toHeaders(record.headers),
    timestamp: record.timestamp ?? now,
  };
}

/** Conservative uncompressed size of a record in a batch: payload plus worst-case varint overhead. */
export function estimatedRecordBytes(record: RecordToBuild): number {
  let size = 32 + (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0);
  for (const header of record.headers ?? []) size += 10 + header.key.length * 3 + (header.value?.byteLength ?? 0);
  return size;
}
