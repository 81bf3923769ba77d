/*
 * KIP-482 compact encodings as the schema types write them over this Reader/Writer:
 * uvarint(N + 1) lengths with 0 = null, UTF-8 byte lengths, classic int16 lengths
 * otherwise.
 */
import { describe, expect, it } from "vitest";
import { bytes, nullableBytes, nullableString, string, type WireType } from "../schema/types.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

function encode<T>(type: WireType<T>, value: T, flexible: boolean): string {
  const writer = new Writer();
  type.write(writer, value, flexible, 0);
  return Buffer.from(writer.toBytes()).toString("hex");
}

function decode<T>(type: WireType<T>, hex: string, flexible: boolean): T {
  const reader = new Reader(new Uint8Array(Buffer.from(hex, "hex")));
  const value = type.read(reader, flexible, 0);
  expect(reader.remaining).toBe(0);
  return value;
}

describe("compact strings", () => {
  const cases: [label: string, value: string | null, compact: string, classic: string][] = [
    ["null", null, "00", "ffff"],
    ["empty", "", "01", "0000"],
    ["ascii", "librdkafka", "0b" + Buffer.from("librdkafka").toString("hex"), "000a" + Buffer.from("librdkafka").toString("hex")],
    ["multi-byte UTF-8 (length counts bytes)", "é€", "06" + "c3a9e282ac", "0005" + "c3a9e282ac"],
  ];

  it.each(cases)("%s", (_label, value, compact, classic) => {
    expect(encode(nullableString, value, true)).toBe(compact);
    expect(encode(nullableString, value, false)).toBe(classic);
    expect(decode(nullableString, compact, true)).toBe(value);
    expect(decode(nullableString, classic, false)).toBe(value);
  });

  it("uses a multi-byte uvarint length from 127 bytes on", () => {
    const long = "x".repeat(200);
    const encoded = encode(string, long, true);
    expect(encoded.slice(0, 4)).toBe("c901");
    expect(decode(string, encoded, true)).toBe(long);
  });

  it("refuses null where the field is not nullable", () => {
    expect(() => decode(string, "00", true)).toThrow(/null in a non-nullable string/);
    expect(() => decode(string, "ffff", false)).toThrow(/null in a non-nullable string/);
  });

  it("refuses a length beyond the remaining bytes", () => {
    expect(() => decode(string, "05" + "6162", true)).toThrow(/need 4 bytes/);
    expect(() => decode(string, "7fff" + "6162", false)).toThrow(/need 32767 bytes/);
  });
});

describe("compact bytes", () => {
  it("writes null, empty and data with uvarint(N + 1) lengths", () => {
    expect(encode(nullableBytes, null, true)).toBe("00");
    expect(encode(bytes, new Uint8Array(0), true)).toBe("01");
    expect(encode(bytes, Uint8Array.of(1, 2), true)).toBe("030102");
    expect(encode(bytes, Uint8Array.of(1, 2), false)).toBe("000000020102");
    expect([...decode(bytes, "030102", true)]).toEqual([1, 2]);
    expect(decode(nullableBytes, "ffffffff", false)).toBeNull();
  });
});
