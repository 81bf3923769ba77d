import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../errors/error-codes.js";
import { decodeRecordBatch } from "./decode-batch.js";
import { splitBatches } from "./split-batches.js";
import { loadClientFixtures } from "./test-support/client-fixtures.js";
import { mutateBatch } from "./test-support/mutate-batch.js";
import { validateProducedBatch } from "./validate-produced-batch.js";
import { validateProducedRecords } from "./validate-produced-records.js";

const LIMITS = { maxBatchBytes: 1_048_588 };
const fixtures = loadClientFixtures().map((fixture) => fixture.batch);

/** Client batches with a few bytes overwritten, cut short or extended; the CRC is fixed half of the time so decoding goes deep. */
const damagedBatch = fc
  .record({
    index: fc.nat({ max: fixtures.length - 1 }),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    tail: fc.uint8Array({ maxLength: 80 }),
    fixCrc: fc.boolean(),
  })
  .map(({ index, edits, cut, tail, fixCrc }) => {
    const source = fixtures[index]!;
    const edited = mutateBatch(
      source,
      (view) => {
        for (const [at, value] of edits) view.setUint8(at % source.byteLength, value);
      },
      { fixCrc: fixCrc && source.byteLength >= 61 },
    );
    const kept = cut === undefined ? edited : edited.subarray(0, cut % (edited.byteLength + 1));
    return Uint8Array.from([...kept, ...tail]);
  });

const anyRecordSet = fc.oneof(fc.uint8Array({ maxLength: 400 }), damagedBatch);

describe("record batch readers on hostile input", () => {
  it("decodeRecordBatch always resolves to a Result", async () => {
    await fc.assert(
      fc.asyncProperty(anyRecordSet, async (bytes) => {
        const result = await decodeRecordBatch(bytes, { maxDecompressedBytes: 1 << 20 });
        if (!result.ok) expect(typeof result.error.message).toBe("string");
      }),
      { numRuns: 1500 },
    );
  });

  it("validateProducedBatch always returns a Kafka error name or a header", () => {
    fc.assert(
      fc.property(anyRecordSet, (bytes) => {
        const result = validateProducedBatch(bytes, LIMITS);
        if (!result.ok) expect(Object.keys(ERROR_CODES)).toContain(result.error.errorName);
        else expect(result.value.recordCount).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it("splitBatches always returns whole, in-bounds batches that tile the input prefix", () => {
    fc.assert(
      fc.property(fc.array(anyRecordSet, { maxLength: 4 }), (parts) => {
        const recordSet = Uint8Array.from(parts.flatMap((part) => [...part]));
        const { batches, end } = splitBatches(recordSet);
        const covered = batches.reduce((sum, batch) => sum + batch.byteLength, 0);
        expect(covered).toBeLessThanOrEqual(recordSet.byteLength);
        if (end === "complete") expect(covered).toBe(recordSet.byteLength);
        for (const batch of batches) expect(batch.byteLength).toBeGreaterThanOrEqual(26);
      }),
      { numRuns: 2000 },
    );
  });

  it("validateProducedRecords accepts exactly the batches the full decoder reads with offsets 0..n-1 and a representable newest timestamp, and finds it", async () => {
    await fc.assert(
      fc.asyncProperty(damagedBatch, async (bytes) => {
        const header = validateProducedBatch(bytes, LIMITS);
        if (!header.ok) return;
        const [scanned, decoded] = await Promise.all([validateProducedRecords(bytes, header.value, { maxDecompressedBytes: 1 << 20 }), decodeRecordBatch(bytes, { maxDecompressedBytes: 1 << 20 })]);
        const timestamps = decoded.ok ? decoded.value.records.map((record) => header.value.baseTimestamp + record.timestampDelta) : [];
        // A batch is storable when every offset delta is in place and its newest timestamp is a number
        // the log's time index can hold (a hostile base timestamp can push it past 2^53).
        const readable = decoded.ok && decoded.value.records.every((record, index) => record.offsetDelta === index) && Number.isSafeInteger(Math.max(...timestamps));
        expect(scanned.ok).toBe(readable);
        if (scanned.ok) expect(scanned.value.maxTimestamp).toBe(Math.max(...timestamps));
      }),
      { numRuns: 1500 },
    );
  });
});
