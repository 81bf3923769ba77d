import type { BatchHeader } from "@freshet/protocol/records/batch-header";
import { describe, expect, it } from "vitest";
import { ProducerStateTable } from "./producer-state.js";

function header(producerId: number, producerEpoch: number, baseSequence: number, records = 1): BatchHeader {
  return {
    baseOffset: 0,
    batchLength: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes: 0,
    lastOffsetDelta: records - 1,
    baseTimestamp: 0,
    maxTimestamp: 0,
    producerId,
    producerEpoch,
    baseSequence,
    recordCount: records,
  };
}

function kindOf(table: ProducerStateTable, batch: BatchHeader, idIssued: boolean): string {
  const check = table.check(batch, idIssued);
  return check.kind === "error" ? check.errorName : check.kind;
}

describe("ProducerStateTable", () => {
  it("lets batches without a producer id through, issued or not", () => {
    expect(kindOf(new ProducerStateTable(), header(-1, -1, -1), false)).toBe("append");
  });

  it("refuses a producer id the cluster never issued with UNKNOWN_PRODUCER_ID", () => {
    expect(kindOf(new ProducerStateTable(), header(42, 0, 0), false)).toBe("UNKNOWN_PRODUCER_ID");
    expect(kindOf(new ProducerStateTable(), header(42, 0, 0), true)).toBe("append");
  });

  it("refuses an epoch above the issued one, for a new producer and for a known one", () => {
    const table = new ProducerStateTable();
    expect(kindOf(table, header(7, 3, 0), true)).toBe("INVALID_PRODUCER_EPOCH");
    table.record(header(7, 0, 0), Promise.resolve(0));
    expect(kindOf(table, header(7, 1, 0), true)).toBe("INVALID_PRODUCER_EPOCH");
    expect(kindOf(table, header(7, 0, 1), true)).toBe("append");
  });

  it("accepts a producer its log already holds even when the allocator does not know the id (state rebuilt after a restart)", () => {
    const table = new ProducerStateTable();
    table.record(header(9, 2, 0, 5), Promise.resolve(0));
    expect(kindOf(table, header(9, 2, 5), false)).toBe("append");
    expect(kindOf(table, header(9, 2, 0, 5), false)).toBe("duplicate");
    expect(kindOf(table, header(9, 1, 5), false)).toBe("INVALID_PRODUCER_EPOCH");
    expect(kindOf(table, header(9, 2, 7), false)).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
  });
});
