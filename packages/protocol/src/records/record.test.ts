import { describe, expect, it } from "vitest";
import { DecodeError } from "../io/decode-error.js";
import { Reader } from "../io/reader.js";
import { Writer } from "../io/writer.js";
import { readRecord, writeRecord, type Record } from "./record.js";

function encode(record: Record): string {
  const writer = new Writer();
  writeRecord(writer, record);
  return Buffer.from(writer.toBytes()).toString("hex");
}

const plain: Record = { offsetDelta: 0, timestampDelta: 0, key: null, value: Uint8Array.of(0x61), headers: [] };

describe("record encoding (DefaultRecord)", () => {
  it("writes the exact bytes of a minimal record", () => {
    // length 7 (zigzag 0e), attributes 0, tsDelta 0, offsetDelta 0, key -1 (01), value 1 (02) 'a', 0 headers
    expect(encode(plain)).toBe("0e0000000102" + "61" + "00");
  });

  it("writes zigzag varints for deltas, lengths and headers", () => {
    const record: Record = {
      offsetDelta: 64,
      timestampDelta: -1,
      key: Uint8Array.of(1, 2),
      value: null,
      headers: [{ key: "h", value: null }],
    };
    // 12 body bytes -> 18; tsDelta -1 -> 01, offsetDelta 64 -> 128 -> 80 01, key 2 -> 04 0102, value -1 -> 01, 1 header -> 02, key 1 -> 02 68, value -1 -> 01
    expect(encode(record)).toBe("18" + "00" + "01" + "8001" + "040102" + "01" + "02" + "0268" + "01");
  });

  it("round-trips through readRecord", () => {
    const record: Record = {
      offsetDelta: 300,
      timestampDelta: 2 ** 40,
      key: new Uint8Array(200).fill(7),
      value: new Uint8Array(0),
      headers: [
        { key: "a", value: Uint8Array.of(1) },
        { key: "ключ", value: null },
      ],
    };
    const writer = new Writer();
    writeRecord(writer, record);
    writeRecord(writer, plain);
    const reader = new Reader(writer.toBytes());
    expect(readRecord(reader)).toEqual(record);
    expect(readRecord(reader)).toEqual(plain);
    expect(reader.remaining).toBe(0);
  });

  it.each([
    ["a length shorter than its fields", "0a0000000102" + "61" + "00"],
    ["a length longer than the input", "7f0000000102" + "61" + "00"],
    ["a key length below -1", "0e0000000302" + "61" + "00"],
    ["a header count that cannot fit", "0e0000000102" + "61" + "7e"],
  ])("refuses %s", (_, hex) => {
    expect(() => readRecord(new Reader(Buffer.from(hex, "hex")))).toThrow(DecodeError);
  });
});
