import { crc32 } from "@node-rs/crc32";
import { describe, expect, it } from "vitest";
import { codecFor } from "../compression/codecs.js";
import { Writer } from "../io/writer.js";
import { Attributes, compressionOf } from "./batch-header.js";
import { buildRecordBatch } from "./build-batch.js";
import { decodeRecordBatch } from "./decode-batch.js";
import { readLegacyMessageSet, writeLegacyMessageSet } from "./legacy-message-set.js";
import { downconvertRecordSet, upconvertMessageSet } from "./message-format-conversion.js";

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString());
const bytes = (value: string) => new Uint8Array(Buffer.from(value));

/** A compressed magic 1 wrapper, written field by field as kafka-go 0.2 and Sarama < 0.11 send it. */
async function compressedWrapper(inner: Uint8Array, codec: number, timestamp: number): Promise<Uint8Array> {
  const found = codecFor(codec);
  if (!found.ok) throw found.error;
  const value = await found.value.compress(inner);
  const body = new Writer().int8(1).int8(codec).int64(BigInt(timestamp)).int32(-1).int32(value.byteLength).bytes(value).toBytes();
  const crc = crc32(Buffer.from(body)) >>> 0;
  return new Writer()
    .int64(BigInt(inner.byteLength))
    .int32(body.byteLength + 4)
    .uint32(crc)
    .bytes(body)
    .toBytes();
}

const messages = [
  { offset: 0, key: bytes("k0"), value: bytes("v0"), timestamp: 1_700_000_000_000, logAppendTime: false },
  { offset: 1, key: null, value: bytes("v1"), timestamp: 1_700_000_000_001, logAppendTime: false },
  { offset: 2, key: bytes("k2"), value: null, timestamp: 1_700_000_000_002, logAppendTime: false },
];

describe("legacy message sets", () => {
  it("read back what was written, in magic 1 with timestamps and magic 0 without", async () => {
    const v1 = await readLegacyMessageSet(writeLegacyMessageSet(messages, 1));
    expect(v1.ok && v1.value.messages.map((m) => [text(m.key), text(m.value), m.timestamp])).toEqual([
      ["k0", "v0", 1_700_000_000_000],
      [null, "v1", 1_700_000_000_001],
      ["k2", null, 1_700_000_000_002],
    ]);
    const v0 = await readLegacyMessageSet(writeLegacyMessageSet(messages, 0));
    expect(v0.ok && v0.value.messages.map((m) => m.timestamp)).toEqual([-1, -1, -1]);
  });

  it("refuses a message whose CRC does not match", async () => {
    const set = writeLegacyMessageSet(messages.slice(0, 1), 1);
    set[set.byteLength - 1]! ^= 0xff;
    const read = await readLegacyMessageSet(set);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(/CRC/);
  });

  it("refuses a record batch where a message set was due", async () => {
    const batch = await buildRecordBatch({ records: [{ value: bytes("x"), timestamp: 1 }] });
    expect((await readLegacyMessageSet(batch)).ok).toBe(false);
  });
});

describe("up-conversion of produced message sets", () => {
  it.each([
    ["gzip", 1],
    ["snappy", 2],
    ["lz4", 3],
  ])("turns a %s-compressed magic 1 wrapper into one batch of the same codec", async (_, codec) => {
    const set = await compressedWrapper(writeLegacyMessageSet(messages, 1), codec, 1_700_000_000_002);
    const converted = await upconvertMessageSet(set);
    if (!converted.ok) throw new Error(converted.error);
    const decoded = await decodeRecordBatch(converted.value);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(compressionOf(decoded.value.header.attributes)).toBe(codec);
    expect(decoded.value.header.maxTimestamp).toBe(1_700_000_000_002);
    expect(decoded.value.records.map((r) => [r.offset, text(r.key), text(r.value), r.timestamp])).toEqual([
      [0, "k0", "v0", 1_700_000_000_000],
      [1, null, "v1", 1_700_000_000_001],
      [2, "k2", null, 1_700_000_000_002],
    ]);
  });
});

describe("down-conversion for Fetch v0-3", () => {
  it("serves the records from the fetch offset on as uncompressed messages, skipping transaction markers", async () => {
    const first = await buildRecordBatch({
      baseOffset: 10,
      compression: "gzip",
      records: [
        { value: bytes("a"), timestamp: 5 },
        { value: bytes("b"), timestamp: 6 },
      ],
    });
    const marker = await buildRecordBatch({ baseOffset: 12, records: [{ value: bytes("m"), timestamp: 7 }] });
    new DataView(marker.buffer, marker.byteOffset).setInt16(21, Attributes.control);
    const last = await buildRecordBatch({ baseOffset: 13, records: [{ key: bytes("k"), value: bytes("c"), timestamp: 8 }] });
    const set = new Uint8Array(Buffer.concat([first, marker, last]));
    const converted = await downconvertRecordSet(set, 1, 11);
    const read = await readLegacyMessageSet(converted);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.messages.map((m) => [text(m.key), text(m.value), m.timestamp])).toEqual([
      [null, "b", 6],
      ["k", "c", 8],
    ]);
    const offsets: bigint[] = [];
    const view = new DataView(converted.buffer, converted.byteOffset);
    for (let at = 0; at < converted.byteLength; at += 12 + view.getInt32(at + 8)) offsets.push(view.getBigInt64(at));
    expect(offsets).toEqual([11n, 13n]);
  });

  it("ignores a batch cut short at the end of the read", async () => {
    const whole = await buildRecordBatch({ baseOffset: 0, records: [{ value: bytes("a"), timestamp: 1 }] });
    const cut = (await buildRecordBatch({ baseOffset: 1, records: [{ value: bytes("b"), timestamp: 2 }] })).subarray(0, 30);
    const converted = await downconvertRecordSet(new Uint8Array(Buffer.concat([whole, cut])), 0, 0);
    const read = await readLegacyMessageSet(converted);
    expect(read.ok && read.value.messages.map((m) => text(m.value))).toEqual(["a"]);
  });
});
