import { describe, expect, it } from "vitest";
import type { CompressionName } from "../compression/codec.js";
import { batchCrcIsValid } from "./batch-crc.js";
import { Attributes, compressionOf, readBatchHeader } from "./batch-header.js";
import { buildRecordBatch, type RecordToBuild } from "./build-batch.js";
import { decodeRecordBatch } from "./decode-batch.js";
import { text } from "./test-support/client-fixtures.js";

const CODECS: readonly CompressionName[] = ["none", "gzip", "snappy", "lz4", "zstd"];
const bytes = (value: string) => new TextEncoder().encode(value);

function mixedRecords(count: number): RecordToBuild[] {
  return Array.from({ length: count }, (_, index) => ({
    key: index % 5 === 0 ? null : bytes(`key-${index}`),
    value: index % 7 === 3 ? null : bytes(`value ${index} `.repeat(index % 13)),
    headers:
      index % 3 === 0
        ? [
            { key: "trace-id", value: bytes(`t${index}`) },
            { key: "nullable", value: null },
            { key: "ünïcode", value: new Uint8Array(0) },
          ]
        : [],
    timestamp: 1_700_000_000_000 + index * 3 - (index % 4),
  }));
}

async function decoded(batch: Uint8Array) {
  const result = await decodeRecordBatch(batch);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe.each(CODECS)("buildRecordBatch -> decodeRecordBatch with %s", (compression) => {
  it.each([1, 1000])("round-trips %i records with null keys, null values and headers", async (count) => {
    const input = mixedRecords(count);
    const batch = await buildRecordBatch({ records: input, compression });
    const { header, records } = await decoded(batch);
    expect(compressionOf(header.attributes)).toBe(["none", "gzip", "snappy", "lz4", "zstd"].indexOf(compression));
    expect(header).toMatchObject({ recordCount: count, lastOffsetDelta: count - 1, baseOffset: 0, magic: 2 });
    expect(records).toHaveLength(count);
    records.forEach((record, index) => {
      const want = input[index]!;
      expect(record.offset).toBe(index);
      expect(record.timestamp).toBe(want.timestamp);
      expect(text(record.key)).toBe(text(want.key ?? null));
      expect(text(record.value)).toBe(text(want.value));
      expect(record.headers.map((h) => [h.key, text(h.value)])).toEqual((want.headers ?? []).map((h) => [h.key, text(h.value)]));
    });
    expect(header.baseTimestamp).toBe(input[0]!.timestamp);
    expect(header.maxTimestamp).toBe(Math.max(...input.map((record) => record.timestamp!)));
  });

  it("compresses compressible records", async () => {
    const records = Array.from({ length: 20 }, () => ({ value: bytes("compressible ".repeat(16)) }));
    const plain = await buildRecordBatch({ records, compression: "none" });
    const packed = await buildRecordBatch({ records, compression });
    if (compression !== "none") expect(packed.byteLength).toBeLessThan(plain.byteLength / 2);
  });
});

describe("buildRecordBatch", () => {
  it("writes the producer fields, offsets and flags it is given", async () => {
    const batch = await buildRecordBatch({
      records: [{ value: bytes("a"), timestamp: 5 }],
      baseOffset: 12_345_678_901,
      partitionLeaderEpoch: 7,
      producerId: 2 ** 40 + 3,
      producerEpoch: 2,
      baseSequence: 99,
      transactional: true,
    });
    expect(batchCrcIsValid(batch)).toBe(true);
    expect(readBatchHeader(batch)).toMatchObject({
      baseOffset: 12_345_678_901,
      partitionLeaderEpoch: 7,
      producerId: 2 ** 40 + 3,
      producerEpoch: 2,
      baseSequence: 99,
      attributes: Attributes.transactional,
    });
    expect((await decoded(batch)).records[0]!.offset).toBe(12_345_678_901);
  });

  it("defaults to the non-idempotent producer fields and the clock", async () => {
    const batch = await buildRecordBatch({ records: [{ value: null }, { value: null }], clock: () => 1234 });
    expect(readBatchHeader(batch)).toMatchObject({
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      partitionLeaderEpoch: -1,
      baseTimestamp: 1234,
      maxTimestamp: 1234,
      recordCount: 2,
    });
  });

  it("keeps timestamp deltas beyond the int32 range", async () => {
    const timestamps = [1_700_000_000_000, 1_700_000_000_000 + 2 ** 35, 1_700_000_000_000 - 2 ** 33];
    const { records } = await decoded(await buildRecordBatch({ records: timestamps.map((timestamp) => ({ value: null, timestamp })) }));
    expect(records.map((record) => record.timestamp)).toEqual(timestamps);
  });

  it("builds LogAppendTime batches whose records all read the append time", async () => {
    const batch = await buildRecordBatch({
      records: [
        { value: null, timestamp: 1 },
        { value: null, timestamp: 2 },
      ],
      timestampType: "LogAppendTime",
      logAppendTimeMs: 777,
    });
    const { header, records } = await decoded(batch);
    expect(header.attributes & Attributes.timestampTypeLogAppend).not.toBe(0);
    expect(records.map((record) => record.timestamp)).toEqual([777, 777]);
  });

  it("refuses an empty record list", async () => {
    await expect(buildRecordBatch({ records: [] })).rejects.toThrow(RangeError);
  });
});
