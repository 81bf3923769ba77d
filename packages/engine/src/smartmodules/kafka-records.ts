import type { CompressionId, CompressionName } from "@freshet/protocol/compression/codec";
import { Attributes, compressionOf, type BatchHeader } from "@freshet/protocol/records/batch-header";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { decodeRecordBatch } from "@freshet/protocol/records/decode-batch";
import type { SmartRecord } from "@freshet/smartmodule/record";
import type { TopicConfig } from "../topics/topic-config.js";

/** One stored or produced Kafka batch as SmartModules see its records (offsets absolute, timestamps resolved). */
export async function smartRecordsOf(batch: Uint8Array): Promise<{ header: BatchHeader; records: SmartRecord[] }> {
  const decoded = await decodeRecordBatch(batch);
  if (!decoded.ok) throw new Error(`cannot read record batch: ${decoded.error.message}`);
  const { header } = decoded.value;
  const records = decoded.value.records.map((r) => ({
    offset: header.baseOffset + r.offsetDelta,
    timestamp: r.timestamp,
    key: r.key,
    value: r.value,
    headers: r.headers,
  }));
  return { header, records };
}

/** The codec a topic stores batches with: its own, or the producer's when it keeps what producers send. */
export function storedCompression(config: TopicConfig, produced: BatchHeader | null): CompressionName | CompressionId {
  const codec = config["compression.type"];
  if (codec !== "producer") return codec;
  return produced === null ? "none" : (compressionOf(produced.attributes) as CompressionId);
}

/**
 * A Kafka batch of SmartModule output records, ready for Partition.append. It has no
 * producer identity: the records are the broker's output, not a producer's
 * sequence (see produce-chains.ts for what that means for idempotent producers).
 */
export function kafkaBatchOf(records: readonly SmartRecord[], compression: CompressionName | CompressionId, logAppendTime: number | null): Promise<Uint8Array> {
  return buildRecordBatch({
    records: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })),
    compression,
    ...(logAppendTime === null ? {} : { timestampType: "LogAppendTime" as const, logAppendTimeMs: logAppendTime }),
  });
}

export function logAppendTimeOf(header: BatchHeader): number | null {
  return (header.attributes & Attributes.timestampTypeLogAppend) !== 0 ? header.maxTimestamp : null;
}
