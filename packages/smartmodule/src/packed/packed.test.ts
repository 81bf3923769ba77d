import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SmartRecord } from "../record.js";
import { PackedFormatError } from "./format.js";
import { readPackedBatch, unpackRecords } from "./packed-reader.js";
import { packRecords, PackedWriter } from "./packed-writer.js";

const bytesOrNull = fc.option(fc.uint8Array({ maxLength: 64 }), { nil: null });
const record: fc.Arbitrary<SmartRecord> = fc.record({
  offset: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  timestamp: fc.integer({ min: -1, max: 2 ** 50 }),
  key: bytesOrNull,
  value: bytesOrNull,
  headers: fc.array(fc.record({ key: fc.string({ maxLength: 16 }), value: bytesOrNull }), { maxLength: 4 }),
});

const sample: SmartRecord[] = [
  { offset: 7, timestamp: 1_700_000_000_123, key: new Uint8Array([1, 2]), value: new TextEncoder().encode("héllo"), headers: [{ key: "h", value: null }] },
  { offset: 8, timestamp: 0, key: null, value: null, headers: [] },
];

describe("packed batches", () => {
  it("round-trip any records", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => {
        expect(unpackRecords(packRecords(records))).toEqual(records);
      }),
      { numRuns: 300 },
    );
  });

  it("copy a record's raw bytes unchanged into another batch", () => {
    const writer = new PackedWriter(1);
    for (const r of readPackedBatch(packRecords(sample))) writer.addPacked(r.raw);
    expect(unpackRecords(writer.finish())).toEqual(sample);
  });

  it("copy runs of records and records with a new value without decoding them", () => {
    const writer = new PackedWriter(1);
    const batch = packRecords(sample);
    const [first, second] = readPackedBatch(batch);
    writer.addPacked(batch.subarray(first!.start, second!.end), 2);
    writer.addWithValue(first!, new Uint8Array([9]));
    writer.addWithValue(second!, null);
    expect(unpackRecords(writer.finish())).toEqual([...sample, { ...sample[0]!, value: new Uint8Array([9]) }, sample[1]]);
  });

  it("encode a new text value straight into the batch, around the record's other packed fields", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), fc.array(fc.string({ unit: "grapheme", maxLength: 40 }), { minLength: 1, maxLength: 8 }), (records, texts) => {
        const writer = new PackedWriter(1);
        const input = readPackedBatch(packRecords(records));
        input.forEach((r, i) => writer.addWithValue(r, texts[i % texts.length]!));
        const expected = records.map((r, i) => ({ ...r, value: new TextEncoder().encode(texts[i % texts.length]!) }));
        expect(unpackRecords(writer.finish())).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("decode offsets, timestamps, keys and headers from the bytes alone", () => {
    const [first, second] = readPackedBatch(packRecords(sample));
    expect([first!.offset, first!.timestamp, first!.key, first!.headers]).toEqual([7, 1_700_000_000_123, new Uint8Array([1, 2]), [{ key: "h", value: null }]]);
    expect(first!.headers).toBe(first!.headers);
    expect([second!.key, second!.value, second!.headersAt, second!.headers]).toEqual([null, null, second!.valueAt, []]);
  });

  it("decode text and JSON values lazily", () => {
    const [first] = readPackedBatch(packRecords([{ ...sample[0]!, value: new TextEncoder().encode('{"a":[1]}') }]));
    expect(first!.valueText()).toBe('{"a":[1]}');
    expect(first!.json()).toEqual({ a: [1] });
    expect(first!.keyText()).toBe("\u0001\u0002");
  });

  it("reject every truncation of a valid batch", () => {
    const whole = packRecords(sample);
    for (let length = 0; length < whole.byteLength; length++) {
      expect(() => readPackedBatch(whole.subarray(0, length)), `prefix of ${length} bytes`).toThrow(PackedFormatError);
    }
  });

  it("reject trailing bytes, negative lengths and counts that overrun the buffer", () => {
    const whole = packRecords(sample);
    const trailing = new Uint8Array(whole.byteLength + 1);
    trailing.set(whole);
    expect(() => readPackedBatch(trailing)).toThrow("1 trailing bytes");

    const negative = whole.slice();
    new DataView(negative.buffer).setInt32(4 + 16, -2, true);
    expect(() => readPackedBatch(negative)).toThrow("negative length -2 at 20");

    const overcount = whole.slice();
    new DataView(overcount.buffer).setUint32(0, 1_000_000, true);
    expect(() => readPackedBatch(overcount)).toThrow(PackedFormatError);
  });

  it("never throw anything but PackedFormatError on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          unpackRecords(bytes);
        } catch (cause) {
          expect(cause).toBeInstanceOf(PackedFormatError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
