import { beforeAll, describe, expect, it } from "vitest";
import { Field } from "./batch-header.js";
import { buildRecordBatch } from "./build-batch.js";
import { splitBatches } from "./split-batches.js";
import { mutateBatch } from "./test-support/mutate-batch.js";

let first: Uint8Array;
let second: Uint8Array;

beforeAll(async () => {
  first = await buildRecordBatch({ records: [{ value: Uint8Array.of(1) }], baseOffset: 0 });
  second = await buildRecordBatch({ records: [{ value: new Uint8Array(300) }, { value: null }], baseOffset: 1, compression: "lz4" });
});

describe("splitBatches", () => {
  it("returns nothing for an empty record set", () => {
    expect(splitBatches(new Uint8Array(0))).toEqual({ batches: [], end: "complete" });
  });

  it("returns whole batches as views in order", () => {
    const set = Buffer.concat([first, second]);
    const { batches, end } = splitBatches(set);
    expect(end).toBe("complete");
    expect(batches.map((batch) => batch.byteLength)).toEqual([first.byteLength, second.byteLength]);
    expect(batches[1]!.buffer).toBe(set.buffer);
    expect(Buffer.from(batches[1]!).equals(Buffer.from(second))).toBe(true);
  });

  it("stops cleanly at a batch cut anywhere, as Kafka's Fetch may cut the last one", () => {
    const set = Buffer.concat([first, second]);
    for (let cut = first.byteLength + 1; cut < set.byteLength; cut++) {
      const { batches, end } = splitBatches(set.subarray(0, cut));
      expect(end).toBe("partial");
      expect(batches).toHaveLength(1);
    }
  });

  it("stops at a size field no batch can have", () => {
    const negative = mutateBatch(second, (view) => view.setInt32(Field.batchLength, -1));
    const split = splitBatches(Buffer.concat([first, negative]));
    expect(split.end).toBe("corrupt");
    expect(split.batches.map((batch) => batch.byteLength)).toEqual([first.byteLength]);
    const belowHeader = mutateBatch(second, (view) => view.setInt32(Field.batchLength, 40));
    expect(splitBatches(Buffer.concat([first, belowHeader])).end).toBe("corrupt");
  });

  it("splits older magics by their size field too", () => {
    const legacy = new Uint8Array(12 + 30);
    new DataView(legacy.buffer).setInt32(Field.batchLength, 30);
    legacy[Field.magic] = 1;
    expect(splitBatches(Buffer.concat([legacy, first])).batches.map((batch) => batch.byteLength)).toEqual([42, first.byteLength]);
  });
});
