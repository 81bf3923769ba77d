import { describe, expect, it } from "vitest";
import { DecodeError } from "./decode-error.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function hex(value: Uint8Array): string {
  return Buffer.from(value).toString("hex");
}

describe("zigzag varint (int32)", () => {
  // Zigzag maps 0,-1,1,-2,... to 0,1,2,3,...; the extremes need all five groups.
  const cases: [number, string][] = [
    [0, "00"],
    [-1, "01"],
    [1, "02"],
    [-64, "7f"],
    [64, "8001"],
    [INT32_MAX, "feffffff0f"],
    [INT32_MIN, "ffffffff0f"],
  ];

  it.each(cases)("writes %i as %s and reads it back", (value, encoded) => {
    expect(hex(new Writer().varint(value).toBytes())).toBe(encoded);
    const reader = new Reader(Buffer.from(encoded, "hex"));
    expect(reader.varint()).toBe(value);
    expect(reader.remaining).toBe(0);
  });

  it("rejects more than five groups and values beyond 32 bits", () => {
    expect(() => new Reader(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00)).varint()).toThrow(/longer than 5 bytes/);
    expect(() => new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0x1f)).uvarint()).toThrow(/exceeds 32 bits/);
  });

  it("rejects a varint cut short", () => {
    expect(() => new Reader(bytes(0x80, 0x80)).varint()).toThrow(DecodeError);
  });
});

describe("zigzag varlong (int64)", () => {
  const cases: [bigint, string][] = [
    [0n, "00"],
    [-1n, "01"],
    [1n, "02"],
    [BigInt(INT32_MAX), "feffffff0f"],
    [BigInt(INT32_MIN), "ffffffff0f"],
    [INT64_MAX, "feffffffffffffffff01"],
    [INT64_MIN, "ffffffffffffffffff01"],
  ];

  it.each(cases)("writes %s as %s and reads it back", (value, encoded) => {
    expect(hex(new Writer().varlong(value).toBytes())).toBe(encoded);
    const reader = new Reader(Buffer.from(encoded, "hex"));
    expect(reader.varlong()).toBe(value);
    expect(reader.remaining).toBe(0);
  });

  it("rejects more than ten groups and values beyond 64 bits", () => {
    expect(() => new Reader(new Uint8Array(11).fill(0x80)).varlong()).toThrow(/longer than 10 bytes/);
    expect(() => new Reader(Buffer.from("ffffffffffffffffff02", "hex")).varlong()).toThrow(/exceeds 64 bits/);
  });
});

describe("Reader bounds", () => {
  it("reads big-endian fixed-width integers", () => {
    const reader = new Reader(Buffer.from("ff" + "8000" + "7fffffff" + "8000000000000000" + "01", "hex"));
    expect([reader.int8(), reader.int16(), reader.int32(), reader.int64(), reader.bool()]).toEqual([-1, -32768, INT32_MAX, INT64_MIN, true]);
  });

  it("never reads past the end, whatever length is asked for", () => {
    const reader = new Reader(bytes(1, 2, 3));
    expect(() => reader.bytes(4)).toThrow(/need 4 bytes, 3 left/);
    expect(() => reader.bytes(-1)).toThrow(DecodeError);
    expect(() => reader.skip(2 ** 31)).toThrow(DecodeError);
    expect(reader.offset).toBe(0);
    expect(() => new Reader(bytes(1, 2, 3)).int32()).toThrow(DecodeError);
  });

  it("returns byte views without copying", () => {
    const source = bytes(9, 8, 7, 6);
    const view = new Reader(source).bytes(2);
    expect(view.buffer).toBe(source.buffer);
    expect([...view]).toEqual([9, 8]);
  });

  it("reports the offset of the failing read", () => {
    const reader = new Reader(bytes(0, 1, 2));
    reader.int16();
    try {
      reader.int32();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as DecodeError).offset).toBe(2);
    }
  });

  it("rejects invalid UTF-8 with a DecodeError", () => {
    expect(() => new Reader(bytes(0xc3, 0x28)).utf8(2)).toThrow(/invalid UTF-8/);
  });
});

describe("Reader.varlongNumber", () => {
  it.each([0, 1, -1, 63, -64, 2 ** 31, -(2 ** 31) - 1, 2 ** 48 - 1, -(2 ** 48), 2 ** 52, -(2 ** 53) + 1, Number.MAX_SAFE_INTEGER])("decodes %d exactly as the BigInt path does", (value) => {
    const bytes = new Writer().varlong(BigInt(value)).toBytes();
    const fast = new Reader(bytes);
    expect(fast.varlongNumber()).toBe(value);
    expect(fast.remaining).toBe(0);
    expect(Number(new Reader(bytes).varlong())).toBe(value);
  });
});
