import { beforeAll, describe, expect, it } from "vitest";
import { createCodecLookup } from "../compression/codec-lookup.js";
import { nodeCodecs } from "../compression/node/codecs-node.js";
import { Field } from "./batch-header.js";
import { buildRecordBatch } from "./build-batch.js";
import { decodeRecordBatch, type DecodeBatchOptions } from "./decode-batch.js";
import type { RecordsErrorKind } from "./records-error.js";
import { mutateBatch } from "./test-support/mutate-batch.js";

let plain: Uint8Array;
let zeros: Uint8Array;

beforeAll(async () => {
  plain = await buildRecordBatch({ records: [{ value: Uint8Array.of(1) }, { value: Uint8Array.of(2) }], clock: () => 0 });
  zeros = await buildRecordBatch({ records: [{ value: new Uint8Array(2 * 1024 * 1024) }], compression: "gzip", clock: () => 0 });
});

async function failure(batch: Uint8Array, options?: DecodeBatchOptions): Promise<RecordsErrorKind | "decoded"> {
  const result = await decodeRecordBatch(batch, options);
  return result.ok ? "decoded" : result.error.kind;
}

describe("decodeRecordBatch errors", () => {
  it("reports a cut batch as truncated", async () => {
    expect(await failure(plain.subarray(0, 10))).toBe("truncated");
    expect(await failure(plain.subarray(0, 60))).toBe("truncated");
    expect(await failure(plain.subarray(0, plain.byteLength - 1))).toBe("truncated");
  });

  it("reports bytes after the batch and a batchLength below the header as corrupt", async () => {
    expect(await failure(Buffer.concat([plain, Buffer.from([0])]))).toBe("corrupt");
    expect(await failure(mutateBatch(plain, (view) => view.setInt32(Field.batchLength, 10)))).toBe("corrupt");
  });

  it("checks the CRC unless told not to", async () => {
    const flipped = mutateBatch(plain, (view) => view.setUint8(plain.byteLength - 2, 9), { fixCrc: false });
    expect(await failure(flipped)).toBe("crc-mismatch");
    expect(await failure(flipped, { verifyCrc: false })).toBe("decoded");
  });

  it("refuses other magics", async () => {
    expect(await failure(mutateBatch(plain, (view) => view.setInt8(Field.magic, 1)))).toBe("unsupported-magic");
  });

  it("refuses compression ids 5-7", async () => {
    expect(await failure(mutateBatch(plain, (view) => view.setInt16(Field.attributes, 6)))).toBe("unknown-compression");
  });

  it("refuses a record count the section cannot hold before reading records", async () => {
    const lying = mutateBatch(plain, (view) => view.setInt32(Field.recordCount, 2_000_000_000));
    expect(await failure(lying)).toBe("corrupt");
  });

  it("refuses a record count that leaves bytes unread or runs out of records", async () => {
    expect(await failure(mutateBatch(plain, (view) => view.setInt32(Field.recordCount, 1)))).toBe("corrupt");
    expect(await failure(mutateBatch(plain, (view) => view.setInt32(Field.recordCount, 3)))).toBe("corrupt");
  });

  it("refuses a decompression bomb with too-large", async () => {
    expect(await failure(zeros, { maxDecompressedBytes: 1024 * 1024 })).toBe("too-large");
    expect(await failure(zeros)).toBe("decoded");
  });

  it("reports a damaged compressed section as decompression-failed", async () => {
    const damaged = mutateBatch(zeros, (view) => view.setUint32(zeros.byteLength - 8, 0xdeadbeef));
    expect(await failure(damaged)).toBe("decompression-failed");
  });

  it("uses the codec set it is given", async () => {
    const calls: (number | string)[] = [];
    const lookup = createCodecLookup(nodeCodecs);
    const decoded = await decodeRecordBatch(zeros, { codecs: (id) => (calls.push(id), lookup(id)) });
    expect(decoded.ok).toBe(true);
    expect(calls).toEqual([1]);
  });
});
