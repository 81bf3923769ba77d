import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorName } from "../errors/error-codes.js";
import { Attributes, Field } from "./batch-header.js";
import { buildRecordBatch } from "./build-batch.js";
import { mutateBatch } from "./test-support/mutate-batch.js";
import { validateProducedBatch } from "./validate-produced-batch.js";

const LIMITS = { maxBatchBytes: 1_048_588 };
let valid: Uint8Array;

beforeAll(async () => {
  valid = await buildRecordBatch({
    records: Array.from({ length: 3 }, (_, index) => ({ key: null, value: new TextEncoder().encode(`v${index}`), timestamp: 1000 + index })),
    partitionLeaderEpoch: 0,
  });
});

function rejection(recordSet: Uint8Array, limits = LIMITS): ErrorName | "accepted" {
  const result = validateProducedBatch(recordSet, limits);
  return result.ok ? "accepted" : result.error.errorName;
}

const edit = (change: (view: DataView) => void, fixCrc = true) => mutateBatch(valid, change, { fixCrc });

describe("validateProducedBatch (kafka.md §4.4)", () => {
  it("accepts a well-formed producer batch and returns its header", () => {
    const result = validateProducedBatch(valid, LIMITS);
    expect(result.ok && result.value.recordCount).toBe(3);
  });

  it("CORRUPT_MESSAGE for a record set shorter than a batch header", () => {
    expect(rejection(valid.subarray(0, 60))).toBe("CORRUPT_MESSAGE");
    expect(rejection(new Uint8Array(0))).toBe("CORRUPT_MESSAGE");
  });

  it("CORRUPT_MESSAGE for a truncated batch", () => {
    expect(rejection(valid.subarray(0, valid.byteLength - 1))).toBe("CORRUPT_MESSAGE");
  });

  it("CORRUPT_MESSAGE for batchLength + 12 below the record set size", () => {
    expect(rejection(Buffer.concat([valid, Buffer.from([1, 2, 3])]))).toBe("CORRUPT_MESSAGE");
    expect(rejection(edit((view) => view.setInt32(Field.batchLength, 40)))).toBe("CORRUPT_MESSAGE");
  });

  it("INVALID_RECORD for more than one batch", () => {
    expect(rejection(Buffer.concat([valid, valid]))).toBe("INVALID_RECORD");
    expect(rejection(Buffer.concat([valid, valid, valid.subarray(0, 20)]))).toBe("INVALID_RECORD");
  });

  it("UNSUPPORTED_FOR_MESSAGE_FORMAT for magic 0 and 1", () => {
    expect(rejection(edit((view) => view.setInt8(Field.magic, 1)))).toBe("UNSUPPORTED_FOR_MESSAGE_FORMAT");
    expect(rejection(edit((view) => view.setInt8(Field.magic, 0)))).toBe("UNSUPPORTED_FOR_MESSAGE_FORMAT");
  });

  it("MESSAGE_TOO_LARGE above max.message.bytes, counting the whole batch", () => {
    expect(rejection(valid, { maxBatchBytes: valid.byteLength - 1 })).toBe("MESSAGE_TOO_LARGE");
    expect(rejection(valid, { maxBatchBytes: valid.byteLength })).toBe("accepted");
  });

  it("CORRUPT_MESSAGE for a CRC mismatch", () => {
    expect(rejection(edit((view) => view.setUint8(valid.byteLength - 1, 0x7f), false))).toBe("CORRUPT_MESSAGE");
    expect(rejection(edit((view) => view.setInt32(Field.lastOffsetDelta, 2), false))).toBe("accepted");
  });

  it("leaves partitionLeaderEpoch out of the CRC", () => {
    expect(rejection(edit((view) => view.setInt32(Field.partitionLeaderEpoch, 9), false))).toBe("accepted");
  });

  it("INVALID_RECORD for a baseOffset other than 0", () => {
    expect(rejection(edit((view) => view.setBigInt64(Field.baseOffset, 5n)))).toBe("INVALID_RECORD");
  });

  it("INVALID_RECORD when lastOffsetDelta + 1 differs from recordCount", () => {
    expect(rejection(edit((view) => view.setInt32(Field.lastOffsetDelta, 1)))).toBe("INVALID_RECORD");
  });

  it("INVALID_RECORD for a record count of zero or less", () => {
    expect(rejection(edit((view) => (view.setInt32(Field.recordCount, 0), view.setInt32(Field.lastOffsetDelta, -1))))).toBe("INVALID_RECORD");
    expect(rejection(edit((view) => (view.setInt32(Field.recordCount, -5), view.setInt32(Field.lastOffsetDelta, -6))))).toBe("INVALID_RECORD");
  });

  it("INVALID_RECORD for an uncompressed record count the bytes cannot hold", () => {
    expect(rejection(edit((view) => (view.setInt32(Field.recordCount, 1000), view.setInt32(Field.lastOffsetDelta, 999))))).toBe("INVALID_RECORD");
  });

  it("INVALID_RECORD for a control batch", () => {
    expect(rejection(edit((view) => view.setInt16(Field.attributes, Attributes.control)))).toBe("INVALID_RECORD");
  });

  it("INVALID_RECORD for an idempotent producer without a sequence", () => {
    expect(rejection(edit((view) => (view.setBigInt64(Field.producerId, 5n), view.setInt32(Field.baseSequence, -1))))).toBe("INVALID_RECORD");
    expect(rejection(edit((view) => (view.setBigInt64(Field.producerId, 5n), view.setInt32(Field.baseSequence, 0))))).toBe("accepted");
  });

  it.each([5, 6, 7])("CORRUPT_MESSAGE for compression id %i", (id) => {
    expect(rejection(edit((view) => view.setInt16(Field.attributes, id)))).toBe("CORRUPT_MESSAGE");
  });

  it("applies the checks in the §4.4 order", () => {
    const tooLargeOldMagic = edit((view) => view.setInt8(Field.magic, 1));
    expect(rejection(tooLargeOldMagic, { maxBatchBytes: 10 })).toBe("UNSUPPORTED_FOR_MESSAGE_FORMAT");
    const badCrcAndOffset = edit((view) => (view.setBigInt64(Field.baseOffset, 3n), view.setInt8(valid.byteLength - 1, 1)), false);
    expect(rejection(badCrcAndOffset)).toBe("CORRUPT_MESSAGE");
    const controlWithBadCodec = edit((view) => view.setInt16(Field.attributes, Attributes.control | 7));
    expect(rejection(controlWithBadCodec)).toBe("INVALID_RECORD");
    const badSizeAndMagic = Buffer.concat([edit((view) => view.setInt8(Field.magic, 1)), Buffer.from([0])]);
    expect(rejection(badSizeAndMagic)).toBe("CORRUPT_MESSAGE");
  });
});
