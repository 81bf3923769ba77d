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

describe("sequence numbers", () => {
  /** Checks and records a batch as the append path does; returns what the check said. */
  function submit(table: ProducerStateTable, batch: BatchHeader, offset: number): string {
    const said = kindOf(table, batch, true);
    if (said === "append") table.record(batch, Promise.resolve(offset));
    return said;
  }

  it("accepts consecutive batches, pipelined ones included, and refuses a gap", () => {
    const table = new ProducerStateTable();
    expect(submit(table, header(5, 0, 0, 3), 0)).toBe("append");
    // Recorded at submission: the next batch is checked against it before the first is durable.
    expect(submit(table, header(5, 0, 3, 2), 3)).toBe("append");
    expect(kindOf(table, header(5, 0, 6), true)).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(kindOf(table, header(5, 0, 4), true)).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(submit(table, header(5, 0, 5), 5)).toBe("append");
  });

  it("answers a retry of one of the last five batches with its original offset, and refuses an older one", async () => {
    const table = new ProducerStateTable();
    for (let seq = 0; seq < 6; seq++) submit(table, header(5, 0, seq), 100 + seq);
    const retry = table.check(header(5, 0, 1), true);
    expect(retry.kind).toBe("duplicate");
    if (retry.kind === "duplicate") expect(await retry.baseOffset).toBe(101);
    // Sequence 0 fell out of the five retained batches: no longer recognised as a retry.
    expect(kindOf(table, header(5, 0, 0), true)).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
  });

  it("wraps the sequence after Int32 max back to 0", () => {
    const table = new ProducerStateTable();
    const max = 0x7fffffff;
    expect(submit(table, header(5, 0, max - 1, 2), 0)).toBe("append");
    expect(kindOf(table, header(5, 0, 1), true)).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(submit(table, header(5, 0, 0), 2)).toBe("append");
  });

  it("lets a batch whose append failed be sent again instead of treating the retry as a duplicate", () => {
    const table = new ProducerStateTable();
    submit(table, header(5, 0, 0), 0);
    const failed = header(5, 0, 1);
    submit(table, failed, 1);
    table.forget(failed);
    expect(kindOf(table, header(5, 0, 1), true)).toBe("append");
  });
});

describe("epoch fencing", () => {
  it("fences the older epoch once a newer one is in the log, and starts the newer epoch's sequences afresh", () => {
    const table = new ProducerStateTable();
    table.record(header(8, 0, 0, 10), Promise.resolve(0));
    // A newer epoch found in the log (another incarnation of the producer) resets the sequence.
    table.record(header(8, 1, 0), Promise.resolve(10));
    expect(kindOf(table, header(8, 0, 10), true)).toBe("INVALID_PRODUCER_EPOCH");
    expect(kindOf(table, header(8, 1, 1), true)).toBe("append");
    expect(kindOf(table, header(8, 1, 5), true)).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
  });

  it("keeps producers apart: one producer's sequence says nothing about another's", () => {
    const table = new ProducerStateTable();
    table.record(header(1, 0, 0, 4), Promise.resolve(0));
    expect(kindOf(table, header(2, 0, 0), true)).toBe("append");
    expect(kindOf(table, header(2, 0, 4), false)).toBe("UNKNOWN_PRODUCER_ID");
  });
});
