import type { DirectionRow } from "./direction.js";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** One line per connector direction: its rate, the plain loop's, and connector ÷ plain. */
export function formatConnectorReport(rows: readonly DirectionRow[]): string {
  const header = ["connector", "moves", "records", "connector rec/s", "plain rec/s", "connector/plain", "plain loop"];
  const cells = rows.map((r) => [r.type, r.path, integer.format(r.records), integer.format(r.connectorRate), integer.format(r.plainRate), `${(r.connectorRate / r.plainRate).toFixed(2)}×`, r.plain]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => (i >= 2 && i <= 5 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join(" | ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.map(line)].join("\n");
}
