import type { DataflowBenchResult, QueryRow } from "./run-dataflow-bench.js";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export interface Headline {
  /** Where the headline rate comes from: the dataflow process, or (when it could not run) the in-process loop. */
  readonly path: "process" | "in-process" | "core only";
  readonly recordsPerSecond: number;
}

/** The process's rate when it ran, else the in-process loop's, else the core's alone. */
export function headline(row: QueryRow): Headline {
  if (row.process?.ok === true) return { path: "process", recordsPerSecond: row.process.value.records / row.process.value.seconds };
  if (row.inProcess?.ok === true) return { path: "in-process", recordsPerSecond: row.inProcess.value.records / row.inProcess.value.seconds };
  return { path: "core only", recordsPerSecond: row.core.records / row.core.seconds };
}

function table(header: readonly string[], cells: readonly (readonly string[])[], numeric: (column: number) => boolean): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => (numeric(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join(" | ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.map(line)];
}

/**
 * One line per query: the headline rate topic → topic on this machine, per core (÷ the machine's
 * cores, as Flink's figures are per core), Flink's per-core figure and the ratio; records per
 * CPU-second of the dataflow process and the broker (what a core gives when the machine is shared)
 * and that against Flink; then the in-process loop, the core alone (no I/O, one core) and the
 * output count. Then the machine's limits.
 */
export function formatDataflowReport(result: DataflowBenchResult, cores: number): string {
  const header = ["query", "what", "input rec", "path", "rec/s", "rec/s/core", "Flink/core", "ratio", "rec/CPU-s", "CPU ratio", "in-process rec/s", "core-only rec/s", "outputs"];
  const cells = result.rows.map((row) => {
    const best = headline(row);
    const perCore = best.recordsPerSecond / cores;
    const perCpuSecond = row.process?.ok === true && row.process.value.cpuSeconds !== null ? row.process.value.records / row.process.value.cpuSeconds : null;
    const loop = row.inProcess === null ? "-" : row.inProcess.ok ? integer.format(row.inProcess.value.records / row.inProcess.value.seconds) : "unavailable";
    return [
      row.query.name,
      row.query.what,
      integer.format(row.inputRecords),
      best.path,
      integer.format(best.recordsPerSecond),
      integer.format(perCore),
      integer.format(row.query.flinkPerCore),
      `${(perCore / row.query.flinkPerCore).toFixed(2)}×`,
      perCpuSecond === null ? "-" : integer.format(perCpuSecond),
      perCpuSecond === null ? "-" : `${(perCpuSecond / row.query.flinkPerCore).toFixed(2)}×`,
      loop,
      integer.format(row.core.records / row.core.seconds),
      integer.format(row.core.outputs),
    ];
  });
  const lines = table(header, cells, (i) => i === 2 || i >= 4);
  const unavailable = result.rows.flatMap((row) => [row.process, row.inProcess].flatMap((o) => (o !== null && !o.ok ? [`${row.query.name}: ${o.reason}`] : [])));
  const limits = table(
    ["machine limit (JSON and generator: one core; consume and produce: client + broker)", "rec/s"],
    result.limits.map((l) => [l.what, integer.format(l.recordsPerSecond)]),
    (i) => i === 1,
  );
  const sizes = result.preloaded.averageBytes;
  return [
    ...lines,
    ...unavailable.map((reason) => `unavailable: ${reason}`),
    "",
    ...limits,
    "",
    `input: ${integer.format(result.preloaded.counts.person)} persons (~${Math.round(sizes.person).toString()} B), ${integer.format(result.preloaded.counts.auction)} auctions (~${Math.round(sizes.auction).toString()} B), ${integer.format(result.preloaded.counts.bid)} bids (~${Math.round(sizes.bid).toString()} B) preloaded at ${integer.format(result.preloaded.produceRate)} rec/s`,
  ].join("\n");
}
