import type { BenchReport, LimitRow, Outcome, SystemRow, Throughput } from "./report.js";
import type { LatencySummary } from "./percentiles.js";

const HEADERS = ["system", "record", "prod rec/s", "prod MB/s", "cons rec/s", "cons MB/s", "lat rec/s", "p50 ms", "p99 ms", "p999 ms", "max ms"];

/** Labels of replicated rows start with this; the rest matches their single-node row (systems/freshet/replicated-driver.ts). */
const REPLICATED_PREFIX = "freshet RF=3";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function cell<T>(outcome: Outcome<T>, show: (value: T) => string): string {
  return outcome.status === "ok" ? show(outcome.value) : outcome.status;
}

function milliseconds(value: number): string {
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function systemCells(row: SystemRow): string[] {
  const label = [row.system, `${row.recordBytes} B`];
  if (row.produce.status === "unavailable") return [...label, "unavailable", "", "", "", "", "", "", "", ""];
  const rate = (outcome: Outcome<Throughput>): string => cell(outcome, (value) => integer.format(value.recordsPerSecond));
  const mb = (outcome: Outcome<Throughput>): string => cell(outcome, (value) => value.megabytesPerSecond.toFixed(1));
  const latency = (pick: (value: LatencySummary) => number): string => cell(row.latency, (value) => milliseconds(pick(value)));
  return [
    ...label,
    rate(row.produce),
    mb(row.produce),
    rate(row.consume),
    mb(row.consume),
    integer.format(row.latencyRate),
    latency((value) => value.p50),
    latency((value) => value.p99),
    latency((value) => value.p999),
    latency((value) => value.max),
  ];
}

function limitCells(row: LimitRow): string[] {
  return [`limit: ${row.probe}`, row.unit, "", cell(row.result, (value) => value.megabytesPerSecond.toFixed(1)), "", "", "", "", "", "", ""];
}

function render(rows: string[][]): string {
  const widths = HEADERS.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]): string => row.map((text, column) => (column < 2 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join(" | ");
  const rule = widths.map((width) => "-".repeat(width)).join("-+-");
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join("\n");
}

function comparisons(report: BenchReport): string[] {
  const systemRows = report.rows.filter((row): row is SystemRow => row.kind === "system");
  const lines: string[] = [];
  for (const row of systemRows.filter((candidate) => candidate.system.startsWith("freshet"))) {
    const peer = systemRows.find((candidate) => candidate.system === "jetstream" && candidate.recordBytes === row.recordBytes);
    if (!peer) continue;
    const ratio = (ours: Outcome<Throughput>, theirs: Outcome<Throughput>): string =>
      ours.status === "ok" && theirs.status === "ok" ? `${(ours.value.recordsPerSecond / theirs.value.recordsPerSecond).toFixed(2)}×` : "n/a";
    if (row.produce.status !== "ok" && row.consume.status !== "ok") continue;
    lines.push(`  ${row.system} vs jetstream at ${row.recordBytes} B: produce ${ratio(row.produce, peer.produce)}, consume ${ratio(row.consume, peer.consume)}`);
  }
  return lines;
}

/** What replication costs: each replicated row against the single-node row of the same generator and size. */
function replicationCost(report: BenchReport): string[] {
  const systemRows = report.rows.filter((row): row is SystemRow => row.kind === "system");
  const lines: string[] = [];
  for (const row of systemRows.filter((candidate) => candidate.system.startsWith(REPLICATED_PREFIX))) {
    const single = systemRows.find((candidate) => candidate.system === `freshet${row.system.slice(REPLICATED_PREFIX.length)}` && candidate.recordBytes === row.recordBytes);
    if (!single || row.produce.status !== "ok" || single.produce.status !== "ok") continue;
    const p99 = (candidate: SystemRow): string =>
      candidate.latency.status === "ok" ? `${milliseconds(candidate.latency.value.p99)} ms at ${integer.format(candidate.latencyRate)}/s` : candidate.latency.status;
    lines.push(
      `  ${row.system} at ${row.recordBytes} B: produce ${(row.produce.value.recordsPerSecond / single.produce.value.recordsPerSecond).toFixed(2)}× ${single.system}'s; ` +
        `p99 ${p99(row)} vs ${p99(single)}`,
    );
  }
  return lines;
}

function failures(report: BenchReport): string[] {
  const lines: string[] = report.unavailable.map(({ system, reason }) => `  ${system}: unavailable (${reason})`);
  for (const row of report.rows) {
    if (row.kind === "system" && row.produce.status === "unavailable") continue;
    const label = row.kind === "system" ? `${row.system} ${row.recordBytes} B` : `limit ${row.probe}`;
    const outcomes: Record<string, Outcome<unknown>> = row.kind === "system" ? { produce: row.produce, consume: row.consume, latency: row.latency } : { probe: row.result };
    for (const [phase, outcome] of Object.entries(outcomes)) {
      if (outcome.status !== "ok") lines.push(`  ${label} ${phase}: ${outcome.status} (${outcome.reason})`);
    }
  }
  return lines;
}

/** The one table of a run, followed by the settings and setups that produced it. */
export function formatReport(report: BenchReport): string {
  const { options, machine } = report;
  const rows = [HEADERS, ...report.rows.map((row) => (row.kind === "system" ? systemCells(row) : limitCells(row)))];
  const acks = options.acks === -1 ? "all" : "1";
  const sections = [
    render(rows),
    "",
    `machine: ${machine.cpus} cpus (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, Linux ${machine.kernel}, load average ${machine.loadAverage.toFixed(2)} at start`,
    `settings: ${integer.format(options.records)} records per system and size${options.smoke ? " (smoke)" : ""}, batch ${options.batch} records, ` +
      `${options.inFlight} batches in flight, consume batch ${options.fetchBatch} records, Freshet acks=${acks} (RF=3 rows: acks=all); ` +
      `latency: open loop at the row's "lat rec/s" (--latency-rate, RF=3 rows --cluster-latency-rate), ${integer.format(options.latencyRecords)} records, ` +
      "one record per request, measured from each record's intended send time to its confirmation.",
    "MB = 10^6 bytes of record payload (protocol overhead not counted); each phase writes to a fresh stream/topic; systems run one at a time.",
    "limit rows: MB/s of the probe, best of 3 runs (disk: sequential 1 MiB writes to a new temp file on the data directories' file system; loopback: one TCP connection between two worker threads, 256 KiB writes).",
    ...report.setups.map((setup) => `${setup.system}:\n${setup.notes.map((note) => `  - ${note}`).join("\n")}`),
  ];
  const compared = comparisons(report);
  if (compared.length > 0) sections.push("throughput relative to jetstream (records/s ratio):", ...compared);
  const replicated = replicationCost(report);
  if (replicated.length > 0) sections.push("replication cost (RF=3, acks=all) against the same generator on one node:", ...replicated);
  const failed = failures(report);
  if (failed.length > 0) sections.push("not measured:", ...failed);
  return sections.join("\n");
}
