import { describe, expect, it } from "vitest";
import { recordsToSamples, samplesToRecords, trialResult } from "./smartmodule-trial";

describe("SmartModule trial records", () => {
  it("hands samples to a module numbered by position, and reads its outputs back as samples", () => {
    const samples = [
      { key: "dev-1", value: '{"temp":31}', time: 1_000 },
      { key: null, value: "plain", time: 2_000 },
    ];
    const records = samplesToRecords(samples);
    expect(records.map((r) => [r.offset, r.timestamp, r.key === null ? null : new TextDecoder().decode(r.key)])).toEqual([
      [0, 1_000, "dev-1"],
      [1, 2_000, null],
    ]);
    expect(recordsToSamples(records)).toEqual(samples);
    expect(recordsToSamples([{ offset: 0, timestamp: 5, key: null, value: null, headers: [] }])).toEqual([{ key: null, value: "", time: 5 }]);
  });

  it("names a refused record by its row in the input table", () => {
    expect(trialResult([], [{ offset: 2, message: "temp is not a number" }])).toEqual({ out: [], errors: ["record 3: temp is not a number"] });
  });
});
