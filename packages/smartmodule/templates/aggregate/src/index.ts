import { aggregate } from "@freshet/smartmodule/guest";

interface Totals {
  records: number;
  bytes: number;
}

/** Counts records and value bytes; each output is the totals so far. */
export const { describe, init, process } = aggregate({
  name: "__NAME__",
  description: "running count of records and value bytes",
  initial: (): Totals => ({ records: 0, bytes: 0 }),
  apply(totals: Totals, record): Totals {
    return { records: totals.records + 1, bytes: totals.bytes + (record.value?.byteLength ?? 0) };
  },
});
