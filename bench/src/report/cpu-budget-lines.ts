import { msPerThousand } from "../limits/cpu-budget/budget.js";
import type { SystemRow } from "./report.js";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Rows whose produce phase was metered: the Freshet drivers, which start their brokers themselves. */
function metered(rows: readonly SystemRow[]): (SystemRow & { produceCpu: NonNullable<SystemRow["produceCpu"]> })[] {
  return rows.filter((row): row is SystemRow & { produceCpu: NonNullable<SystemRow["produceCpu"]> } => row.produceCpu !== null);
}

/** Cells of the main table's limit row for a metered system row: its CPU ceiling in the produce rec/s column. */
export function cpuCeilingCells(rows: readonly SystemRow[]): string[][] {
  return metered(rows).map((row) => {
    const ceiling = row.produceCpu.ceilingRecordsPerSecond;
    return [`limit: CPU ceiling, ${row.system}`, `${row.recordBytes} B`, "", ceiling === null ? "n/a" : integer.format(ceiling), "", "", "", "", "", "", "", ""];
  });
}

/**
 * One line per metered produce phase: where its CPU went, the rate the cores
 * would allow at that cost, and how close the measured rate came. A measured rate
 * near the ceiling, with as many cores busy as there are, means the row is CPU-bound.
 */
export function cpuBudgetLines(rows: readonly SystemRow[]): string[] {
  const lines = metered(rows).map(({ system, recordBytes, produce, produceCpu: budget }) => {
    const parts = budget.processes.map((process) => `${process.label} ${msPerThousand(process.cpuSeconds, budget.records).toFixed(1)}`).join(", ");
    const measured = produce.status === "ok" ? produce.value.recordsPerSecond : null;
    const ceiling = budget.ceilingRecordsPerSecond;
    const against = measured === null || ceiling === null ? "" : `; measured ${integer.format(measured)} rec/s = ${(measured / ceiling).toFixed(2)} of the ceiling`;
    return (
      `  ${system} ${recordBytes} B: ${budget.totalMsPerThousand.toFixed(1)} CPU ms per 1,000 records (${parts}); ` +
      `ceiling ${ceiling === null ? "n/a" : `${integer.format(ceiling)} rec/s`} on ${budget.cores} cores${against}; ${budget.busyCores.toFixed(2)} cores busy`
    );
  });
  if (lines.length === 0) return [];
  return [
    "CPU budget of produce (utime+stime from /proc/<pid>/stat over the phase; generator = the bench process and the client programs it ran; " +
      "ceiling = cores ÷ CPU seconds per record of all processes together; other load on the machine is not counted, so cores busy < cores with a rate near its ceiling means CPU shared with others):",
    ...lines,
  ];
}
