import { describe, expect, it } from "vitest";
import { Writer } from "./writer.js";

function int32At(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(at);
}

describe("Writer", () => {
  it("writes big-endian fixed-width integers and grows as needed", () => {
    const writer = new Writer();
    for (let i = 0; i < 1000; i++) writer.int32(i);
    const out = writer.toBytes();
    expect(out.byteLength).toBe(4000);
    expect(int32At(out, 0)).toBe(0);
    expect(int32At(out, 3996)).toBe(999);
    expect(Buffer.from(new Writer().int8(-1).int16(-2).int64(-3n).bool(true).toBytes()).toString("hex")).toBe("ff" + "fffe" + "fffffffffffffffd" + "01");
  });

  it("references byte arrays of 4096 bytes or more instead of copying them", () => {
    const large = new Uint8Array(4096).fill(7);
    const small = new Uint8Array(4095).fill(5);
    const writer = new Writer().int32(1).bytes(large).bytes(small).int8(2);
    const chunks = writer.chunks();
    expect(chunks).toHaveLength(3);
    expect(chunks[1]).toBe(large);
    expect(chunks.some((chunk) => chunk === small)).toBe(false);
    expect(writer.length).toBe(4 + 4096 + 4095 + 1);
    const flat = writer.toBytes();
    expect(flat.byteLength).toBe(writer.length);
    expect([flat[3], flat[4], flat[4099], flat[4100], flat[8194], flat[8195]]).toEqual([1, 7, 7, 5, 5, 2]);
  });

  it("fills a reserved slot after the buffer has grown many times", () => {
    const writer = new Writer();
    writer.int8(9);
    const slot = writer.reserveInt32();
    for (let i = 0; i < 5000; i++) writer.int16(i);
    slot.set(123_456_789);
    const out = writer.toBytes();
    expect(int32At(out, 1)).toBe(123_456_789);
    expect(out.byteLength).toBe(1 + 4 + 10_000);
  });

  it("fills a reserved slot that has already been flushed ahead of a referenced array", () => {
    const writer = new Writer();
    const size = writer.reserveInt32();
    writer.bytes(new Uint8Array(8192));
    const trailer = writer.reserveInt32();
    for (let i = 0; i < 300; i++) writer.int32(i);
    size.set(writer.length - 4);
    trailer.set(-42);
    const out = writer.toBytes();
    expect(int32At(out, 0)).toBe(out.byteLength - 4);
    expect(int32At(out, 4 + 8192)).toBe(-42);
  });

  it("fills a slot reserved exactly at the capacity boundary", () => {
    const writer = new Writer();
    for (let i = 0; i < 63; i++) writer.int32(i);
    const slot = writer.reserveInt32();
    writer.int32(-1);
    slot.set(77);
    expect(int32At(writer.toBytes(), 252)).toBe(77);
  });
});
