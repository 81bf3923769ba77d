import { describe, expect, it } from "vitest";
import { checkHistory, describeCheck, type HistoryRecord } from "./checker.js";

/** `count` values "p<partition>-<i>" at offsets 0.. of one partition. */
function partitionLog(partition: number, count: number): HistoryRecord[] {
  return Array.from({ length: count }, (_, offset) => ({ value: `p${partition}-${offset}`, partition, offset }));
}

/** Acks of two partitions interleaved, as one producer alternating between them records them. */
function interleaved(a: HistoryRecord[], b: HistoryRecord[]): HistoryRecord[] {
  return a.flatMap((record, index) => (b[index] ? [record, b[index]] : [record]));
}

const p0 = partitionLog(0, 6);
const p1 = partitionLog(1, 6);
const acked = interleaved(p0, p1);
const clean = { lost: 0, duplicated: 0, reordered: 0, offsetMismatches: 0, unknown: 0 };

describe("history checker", () => {
  it("finds nothing when every acknowledged value is read once, in order, at its offset", () => {
    // A consumer sees partitions in any interleaving; only the order within one counts.
    const read = [...p1, ...p0];
    expect(checkHistory({ acked, read }).counts).toEqual(clean);
  });

  it("counts an acknowledged value that was never read as lost", () => {
    const read = [...p0.filter((r) => r.value !== "p0-3"), ...p1];
    const result = checkHistory({ acked, read });
    expect(result.counts).toMatchObject({ lost: 1, duplicated: 0, reordered: 0 });
    expect(result.examples.lost).toEqual(["p0-3"]);
  });

  it("counts a value read only from another partition as lost", () => {
    const read = [...p0.filter((r) => r.value !== "p0-5"), ...p1, { value: "p0-5", partition: 1, offset: 6 }];
    expect(checkHistory({ acked, read }).counts.lost).toBe(1);
  });

  it("counts a value read twice as duplicated, whether at a new offset or the same one", () => {
    const read = [...p0, { value: "p0-2", partition: 0, offset: 6 }, ...p1, p1[4]!];
    const result = checkHistory({ acked, read });
    expect(result.counts).toMatchObject({ duplicated: 2, lost: 0, offsetMismatches: 0, reordered: 0 });
    expect(result.examples.duplicated).toEqual(["p0-2", "p1-4"]);
  });

  it("counts values read out of acknowledgement order within a partition, one per value moved", () => {
    const swapped = [p0[0]!, p0[2]!, p0[1]!, p0[3]!, p0[4]!, p0[5]!];
    expect(checkHistory({ acked, read: [...swapped, ...p1] }).counts.reordered).toBe(1);
    const backwards = [...p1].reverse();
    expect(checkHistory({ acked, read: [...p0, ...backwards] }).counts.reordered).toBe(5);
  });

  it("counts a value read at another offset than its ack said", () => {
    // The broker acknowledged p0-4 at 4 but a retry appended it again at 5, after a gap the reader skipped.
    const read = [...p0.slice(0, 4), { value: "p0-4", partition: 0, offset: 5 }, { value: "p0-5", partition: 0, offset: 6 }, ...p1];
    const result = checkHistory({ acked, read });
    expect(result.counts).toMatchObject({ offsetMismatches: 2, lost: 0, duplicated: 0, reordered: 0 });
    expect(result.examples.offsetMismatches[0]).toBe("p0-4: acked at 4, read at 5");
  });

  it("tolerates indeterminate sends but counts values nobody sent as unknown", () => {
    const maybe = { value: "p0-6", partition: 0, offset: 6 };
    expect(checkHistory({ acked, read: [...p0, maybe, ...p1], unacknowledged: ["p0-6"] }).counts).toEqual(clean);
    expect(checkHistory({ acked, read: [...p0, maybe, ...p1] }).counts.unknown).toBe(1);
  });

  it("reports every anomaly of one bad history at once", () => {
    const read = [p0[1]!, p0[0]!, p0[0]!, { value: "p0-2", partition: 0, offset: 9 }, p0[4]!, p0[5]!, ...p1.slice(1)];
    const result = checkHistory({ acked, read });
    expect(result.counts).toEqual({ lost: 2, duplicated: 1, reordered: 1, offsetMismatches: 1, unknown: 0 });
    expect(describeCheck(result)).toBe(
      "lost 2, duplicated 1, reordered 1, offsetMismatches 1, unknown 0; lost: p1-0, p0-3; duplicated: p0-0; reordered: p0-0; offsetMismatches: p0-2: acked at 2, read at 9",
    );
  });
});
