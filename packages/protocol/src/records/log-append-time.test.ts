import { describe, expect, it } from "vitest";
import { batchCrcIsValid } from "./batch-crc.js";
import { Attributes, BATCH_HEADER_BYTES, Field, readBatchHeader } from "./batch-header.js";
import { buildRecordBatch } from "./build-batch.js";
import { decodeRecordBatch } from "./decode-batch.js";
import { stampLogAppendTime } from "./log-append-time.js";
import { loadClientFixtures } from "./test-support/client-fixtures.js";
import { validateProducedBatch } from "./validate-produced-batch.js";

describe("stampLogAppendTime (kafka.md §4.5)", () => {
  it("sets bit 3 and maxTimestamp, recomputes the CRC and keeps everything else", async () => {
    const batch = await buildRecordBatch({
      records: [
        { value: Uint8Array.of(1), timestamp: 10 },
        { value: Uint8Array.of(2), timestamp: 20 },
      ],
      compression: "snappy",
    });
    const before = batch.slice();
    stampLogAppendTime(batch, 1_700_000_000_123);
    const header = readBatchHeader(batch);
    expect(header.attributes).toBe(2 | Attributes.timestampTypeLogAppend);
    expect(header.maxTimestamp).toBe(1_700_000_000_123);
    expect(header.baseTimestamp).toBe(10);
    expect(batchCrcIsValid(batch)).toBe(true);
    expect(Buffer.from(batch.subarray(BATCH_HEADER_BYTES)).equals(Buffer.from(before.subarray(BATCH_HEADER_BYTES)))).toBe(true);
    expect(Buffer.from(batch.subarray(0, Field.crc)).equals(Buffer.from(before.subarray(0, Field.crc)))).toBe(true);
    const decoded = await decodeRecordBatch(batch);
    expect(decoded.ok && decoded.value.records.map((record) => record.timestamp)).toEqual([1_700_000_000_123, 1_700_000_000_123]);
  });

  it("stamps a batch inside a larger buffer and keeps a client batch valid", () => {
    const fixture = loadClientFixtures().find((candidate) => candidate.file === "kcat-gzip.json")!;
    const frame = Buffer.concat([Buffer.from([9, 9, 9]), fixture.batch]);
    const batch = frame.subarray(3);
    stampLogAppendTime(batch, 42);
    expect(frame.subarray(0, 3)).toEqual(Buffer.from([9, 9, 9]));
    expect(readBatchHeader(batch).maxTimestamp).toBe(42);
    expect(batchCrcIsValid(batch)).toBe(true);
    expect(validateProducedBatch(batch, { maxBatchBytes: 1 << 20 }).ok).toBe(true);
  });
});
