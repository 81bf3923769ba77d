import type { SmartRecord } from "@freshet/smartmodule/record";

/** A module under test with the plain-JavaScript version of its logic. */
export interface BenchModule {
  readonly name: string;
  readonly label: string;
  /** The guest language the module was written in: the JS SDK (componentize-js) or the compiled AssemblyScript one. */
  readonly guest: "JS" | "AssemblyScript";
  readonly wasm: Uint8Array;
  readonly params: Readonly<Record<string, string>>;
  readonly plain: (records: readonly SmartRecord[]) => SmartRecord[];
}

export interface SmRow {
  readonly where: string;
  readonly logic: string;
  readonly records: number;
  readonly outputs: number;
  /** Input records per second. */
  readonly rate: number;
  /** The rate this row is compared with (plain JS for the logic, or plain consume). */
  readonly baseline: number;
  readonly recordBytes: number;
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatSmReport(rows: readonly SmRow[]): string {
  const header = ["where", "logic", "records", "out", "rec/s", "MB/s", "vs baseline"];
  const cells = rows.map((r) => [
    r.where,
    r.logic,
    integer.format(r.records),
    integer.format(r.outputs),
    integer.format(r.rate),
    ((r.rate * r.recordBytes) / 1e6).toFixed(1),
    r.rate === r.baseline ? "1.00× (baseline)" : `${(r.rate / r.baseline).toFixed(2)}× (${(r.baseline / r.rate).toFixed(1)}× slower)`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => (i >= 2 && i <= 5 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(" | ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.map(line)].join("\n");
}
