import { COMPRESSION_IDS, type CompressionName } from "../compression/codec.js";
import { err, ok, type Result } from "../result.js";
import { Attributes, compressionOf } from "./batch-header.js";
import { buildRecordBatch } from "./build-batch.js";
import { decodeRecordBatch } from "./decode-batch.js";
import type { RecordsError } from "./records-error.js";

/**
 * Re-encodes a produced batch with another codec, as a broker does for a topic whose
 * compression.type is not "producer". Records, timestamps, headers and the
 * idempotence fields are kept; a batch already using the codec is returned as is.
 */
export async function recompressBatch(batch: Uint8Array, codec: CompressionName): Promise<Result<Uint8Array, RecordsError>> {
  const decoded = await decodeRecordBatch(batch);
  if (!decoded.ok) return err(decoded.error);
  const { header, records } = decoded.value;
  if (compressionOf(header.attributes) === COMPRESSION_IDS[codec]) return ok(batch);
  const logAppendTime = (header.attributes & Attributes.timestampTypeLogAppend) !== 0;
  return ok(
    await buildRecordBatch({
      records: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })),
      compression: codec,
      partitionLeaderEpoch: header.partitionLeaderEpoch,
      producerId: header.producerId,
      producerEpoch: header.producerEpoch,
      baseSequence: header.baseSequence,
      timestampType: logAppendTime ? "LogAppendTime" : "CreateTime",
      logAppendTimeMs: header.maxTimestamp,
    }),
  );
}
