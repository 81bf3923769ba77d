import { describe, expect, it } from "vitest";
import type { CompressionName } from "../compression/codec.js";
import { createCodecLookup } from "../compression/codec-lookup.js";
import { nodeCodecs } from "../compression/node/codecs-node.js";
import { buildRecordBatch } from "./build-batch.js";
import { findOffsetForTimestamp } from "./find-offset-for-timestamp.js";

async function batchWith(timestamps: number[], compression: CompressionName = "none"): Promise<Uint8Array> {
  return await buildRecordBatch({ records: timestamps.map((timestamp) => ({ value: null, timestamp })), baseOffset: 10, compression });
}

describe.each(["none", "zstd"] as const)("findOffsetForTimestamp in a %s batch", (compression) => {
  it.each([
    [50, { offset: 10, timestamp: 100 }],
    [100, { offset: 10, timestamp: 100 }],
    [150, { offset: 11, timestamp: 300 }],
    [250, { offset: 11, timestamp: 300 }],
    [301, { offset: 13, timestamp: 400 }],
    [400, { offset: 13, timestamp: 400 }],
    [401, null],
  ])("finds the first record at or after %i, per record not per batch", async (target, expected) => {
    const batch = await batchWith([100, 300, 200, 400], compression);
    const found = await findOffsetForTimestamp(batch, target);
    expect(found).toEqual({ ok: true, value: expected });
  });
});

describe("findOffsetForTimestamp", () => {
  it("does not decompress a batch whose maxTimestamp is below the target", async () => {
    const batch = await batchWith([1, 2, 3], "gzip");
    const lookups: unknown[] = [];
    const lookup = createCodecLookup(nodeCodecs);
    const codecs = (id: number | string) => (lookups.push(id), lookup(id));
    expect(await findOffsetForTimestamp(batch, 4, { codecs })).toEqual({ ok: true, value: null });
    expect(lookups).toEqual([]);
    expect(await findOffsetForTimestamp(batch, 3, { codecs })).toEqual({ ok: true, value: { offset: 12, timestamp: 3 } });
    expect(lookups).toEqual([1]);
  });

  it("gives every record of a LogAppendTime batch the append time", async () => {
    const batch = await buildRecordBatch({
      records: [
        { value: null, timestamp: 1 },
        { value: null, timestamp: 2 },
      ],
      baseOffset: 5,
      timestampType: "LogAppendTime",
      logAppendTimeMs: 1000,
    });
    expect(await findOffsetForTimestamp(batch, 999)).toEqual({ ok: true, value: { offset: 5, timestamp: 1000 } });
    expect(await findOffsetForTimestamp(batch, 1001)).toEqual({ ok: true, value: null });
  });

  it("reports an undecodable batch as an error", async () => {
    const batch = await batchWith([100, 200]);
    const found = await findOffsetForTimestamp(batch.subarray(0, 70), 0);
    expect(found.ok).toBe(false);
  });
});
