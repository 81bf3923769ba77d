import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CompressionName } from "../compression/codec.js";
import { codecFor } from "../compression/codecs.js";
import { Writer } from "../io/writer.js";
import { batchCrcIsValid, writeBatchCrc } from "./batch-crc.js";
import { Attributes, Field, readBatchHeader } from "./batch-header.js";
import { buildRecordBatch } from "./build-batch.js";
import { decodeRecordBatch } from "./decode-batch.js";
import { settleCreateTime } from "./log-append-time.js";
import { writeRecord } from "./record.js";
import { loadClientFixtures } from "./test-support/client-fixtures.js";
import { batchOverSection } from "./test-support/forged-batch.js";
import { validateProducedBatch } from "./validate-produced-batch.js";
import { validateProducedRecords } from "./validate-produced-records.js";

const LIMITS = { maxBatchBytes: 1_048_588 };

function codec(name: CompressionName) {
  const found = codecFor(name);
  if (!found.ok) throw found.error;
  return found.value;
}

/** Records with the given offset deltas, encoded as a producer would. */
function section(offsetDeltas: readonly number[]): Uint8Array {
  const writer = new Writer();
  offsetDeltas.forEach((offsetDelta, index) => {
    writeRecord(writer, { offsetDelta, timestampDelta: index, key: null, value: Uint8Array.of(index, 0, 0, 0), headers: [] });
  });
  return writer.toBytes();
}

/**
 * A batch whose header claims `recordCount` records over `records` (compressed with
 * `compression`); batchLength and CRC are right, so only the records can be wrong.
 */
async function batchOver(records: Uint8Array, recordCount: number, compression: CompressionName = "none"): Promise<Uint8Array> {
  return batchOverSection(await codec(compression).compress(records), recordCount, compression);
}

/** Runs both validation steps as the broker does; "accepted" or the error name. */
async function verdict(batch: Uint8Array): Promise<string> {
  const header = validateProducedBatch(batch, LIMITS);
  if (!header.ok) return header.error.errorName;
  const records = await validateProducedRecords(batch, header.value);
  return records.ok ? "accepted" : records.error.errorName;
}

describe("validateProducedRecords", () => {
  it.each(["none", "gzip", "snappy", "lz4", "zstd"] as const)("accepts well-formed %s records and reports their max timestamp and keyless records", async (compression) => {
    const batch = await buildRecordBatch({
      records: [5000, 9000, 7000].map((timestamp) => ({ key: timestamp === 5000 ? Uint8Array.of(7) : null, value: Uint8Array.of(1), timestamp, headers: [{ key: "h", value: null }] })),
      compression,
    });
    const result = await validateProducedRecords(batch, readBatchHeader(batch));
    expect(result).toEqual({ ok: true, value: { maxTimestamp: 9000, keylessRecords: [1, 2] } });
  });

  it("accepts every record set captured from kcat and kafkajs", async () => {
    for (const fixture of loadClientFixtures()) {
      expect({ file: fixture.file, verdict: await verdict(fixture.batch) }).toEqual({ file: fixture.file, verdict: "accepted" });
    }
  });

  it("CORRUPT_MESSAGE for a gzip attribute over random bytes", async () => {
    const batch = await batchOver(randomBytes(200), 3);
    new DataView(batch.buffer).setInt16(Field.attributes, 1);
    writeBatchCrc(batch);
    expect(await verdict(batch)).toBe("CORRUPT_MESSAGE");
  });

  it.each(["none", "gzip", "zstd"] as const)("CORRUPT_MESSAGE for %s records that do not parse", async (compression) => {
    const garbage = Uint8Array.from({ length: 64 }, (_, index) => (index * 37) % 251);
    expect(await verdict(await batchOver(garbage, 2, compression))).toBe("CORRUPT_MESSAGE");
  });

  it("CORRUPT_MESSAGE for a varint longer than five bytes", async () => {
    const records = section([0, 1]);
    const bad = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01, ...records.subarray(1)]);
    expect(await verdict(await batchOver(bad, 2))).toBe("CORRUPT_MESSAGE");
  });

  it("CORRUPT_MESSAGE for a value length past the end of the record", async () => {
    const records = section([0]);
    // length, attributes, timestampDelta, offsetDelta, key -1: the value length follows at byte 5.
    records[5] = 0x7e;
    expect(await verdict(await batchOver(records, 1))).toBe("CORRUPT_MESSAGE");
  });

  it("CORRUPT_MESSAGE when the header claims more or fewer records than the section holds", async () => {
    expect(await verdict(await batchOver(section([0, 1, 2]), 4))).toBe("CORRUPT_MESSAGE");
    expect(await verdict(await batchOver(section([0, 1, 2]), 2))).toBe("CORRUPT_MESSAGE");
    expect(await verdict(await batchOver(section([0, 1, 2]), 2, "gzip"))).toBe("CORRUPT_MESSAGE");
    expect(await verdict(await batchOver(section([0, 1, 2]), 3, "gzip"))).toBe("accepted");
  });

  it("CORRUPT_MESSAGE for offset deltas other than 0..n-1", async () => {
    expect(await verdict(await batchOver(section([0, 0, 1]), 3))).toBe("CORRUPT_MESSAGE");
    expect(await verdict(await batchOver(section([1, 2, 3]), 3))).toBe("CORRUPT_MESSAGE");
    expect(await verdict(await batchOver(section([0, 2, 1]), 3, "snappy"))).toBe("CORRUPT_MESSAGE");
  });

  it("CORRUPT_MESSAGE, quickly, for a compressed batch claiming 2^31-1 records", async () => {
    const started = performance.now();
    expect(await verdict(await batchOver(section([0, 1]), 2 ** 31 - 1, "gzip"))).toBe("CORRUPT_MESSAGE");
    expect(await verdict(await batchOver(section([0, 1]), 2 ** 31 - 1, "lz4"))).toBe("CORRUPT_MESSAGE");
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("MESSAGE_TOO_LARGE for records that decompress beyond the cap", async () => {
    const batch = await buildRecordBatch({ records: [{ value: new Uint8Array(100_000) }], compression: "gzip" });
    const result = await validateProducedRecords(batch, readBatchHeader(batch), { maxDecompressedBytes: 10_000 });
    expect(!result.ok && result.error.errorName).toBe("MESSAGE_TOO_LARGE");
  });
});

describe("settleCreateTime", () => {
  it("rewrites a maxTimestamp of -1 (Sarama) to the records' maximum and keeps the batch decodable", async () => {
    const batch = await buildRecordBatch({
      records: [
        { value: Uint8Array.of(1), timestamp: 4000 },
        { value: Uint8Array.of(2), timestamp: 4500 },
      ],
      compression: "lz4",
    });
    new DataView(batch.buffer).setBigInt64(Field.maxTimestamp, -1n);
    writeBatchCrc(batch);
    const scanned = await validateProducedRecords(batch, readBatchHeader(batch));
    if (!scanned.ok) throw new Error(scanned.error.message);
    expect(settleCreateTime(batch, scanned.value.maxTimestamp)).toBe(true);
    expect(readBatchHeader(batch).maxTimestamp).toBe(4500);
    expect(batchCrcIsValid(batch)).toBe(true);
    const decoded = await decodeRecordBatch(batch);
    expect(decoded.ok && decoded.value.records.map((record) => record.timestamp)).toEqual([4000, 4500]);
  });

  it("clears a LogAppendTime attribute a producer set on a CreateTime topic", async () => {
    const batch = await buildRecordBatch({ records: [{ value: null, timestamp: 10 }], timestampType: "LogAppendTime", logAppendTimeMs: 99 });
    expect(settleCreateTime(batch, 10)).toBe(true);
    const header = readBatchHeader(batch);
    expect(header.attributes & Attributes.timestampTypeLogAppend).toBe(0);
    expect(header.maxTimestamp).toBe(10);
    expect(batchCrcIsValid(batch)).toBe(true);
  });

  it("leaves a batch with the right maxTimestamp untouched", async () => {
    const batch = await buildRecordBatch({
      records: [
        { value: null, timestamp: 10 },
        { value: null, timestamp: 30 },
      ],
    });
    const before = batch.slice();
    expect(settleCreateTime(batch, 30)).toBe(false);
    expect(batch).toEqual(before);
  });
});
