import { cpuBudgetLines, cpuCeilingCells } from "./cpu-budget-lines.js";
import type { LatencySummary } from "./percentiles.js";
import type { BenchReport, ClientBundle, Footprint, LatencyLimitRow, LimitRow, Outcome, ReportRow, SweepRow, SystemRow, Throughput } from "./report.js";

const HEADERS = ["system", "record", "fsync<ack", "prod rec/s", "prod MB/s", "cons rec/s", "cons MB/s", "lat rec/s", "p50 ms", "p99 ms", "p999 ms", "max ms"];
const SWEEP_HEADERS = ["system", "record", "offered rec/s", "kept rec/s", "kept up", "p50 ms", "p99 ms", "p999 ms", "max ms"];

/** A sweep point counts as kept up when the confirmed rate is within 10% of the offered one (the tail of the last records aside). */
const KEPT_UP = 0.9;
/** Issue 14's footprint goals. */
const GOALS = { idleRssBytes: 80 * 2 ** 20, clientGzippedBytes: 60 * 2 ** 10 } as const;

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
  const label = [row.system, `${row.recordBytes} B`, row.fsyncBeforeAck];
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
  return [`limit: ${row.probe}`, row.unit, "", "", cell(row.result, (value) => value.megabytesPerSecond.toFixed(1)), "", "", "", "", "", "", ""];
}

function latencyLimitCells(row: LatencyLimitRow): string[] {
  const latency = (pick: (value: LatencySummary) => number): string => cell(row.result, (value) => milliseconds(pick(value)));
  return [`limit: ${row.probe}`, row.unit, "", "", "", "", "", "", latency((value) => value.p50), latency((value) => value.p99), latency((value) => value.p999), latency((value) => value.max)];
}

function rowCells(row: ReportRow): string[] {
  switch (row.kind) {
    case "system":
      return systemCells(row);
    case "limit":
      return limitCells(row);
    case "latency-limit":
      return latencyLimitCells(row);
  }
}

function sweepCells(row: SweepRow): string[] {
  const { result } = row;
  const label = [row.system, `${row.recordBytes} B`, integer.format(row.offeredRate)];
  if (result.status !== "ok") return [...label, result.status, "", "", "", "", ""];
  const { value } = result;
  const keptUp = value.stoppedEarly ? "NO, stopped" : value.achievedRate >= KEPT_UP * row.offeredRate ? "yes" : "NO";
  return [...label, integer.format(value.achievedRate), keptUp, milliseconds(value.p50), milliseconds(value.p99), milliseconds(value.p999), milliseconds(value.max)];
}

/** Rows under their headers; the first two columns are left-aligned text, the rest right-aligned numbers. */
function render(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]): string => row.map((text, column) => (column < 2 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join(" | ");
  const rule = widths.map((width) => "-".repeat(width)).join("-+-");
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join("\n");
}

function comparisons(report: BenchReport): string[] {
  const systemRows = report.rows.filter((row): row is SystemRow => row.kind === "system");
  const lines: string[] = [];
  for (const row of systemRows.filter((candidate) => candidate.system.startsWith("freshet"))) {
    // Native client against native client; every other Freshet row against the nats.js row.
    const peerName = row.system === "freshet (librdkafka)" ? "jetstream (libnats)" : "jetstream";
    const peer = systemRows.find((candidate) => candidate.system === peerName && candidate.recordBytes === row.recordBytes);
    if (!peer) continue;
    const ratio = (ours: Outcome<Throughput>, theirs: Outcome<Throughput>): string =>
      ours.status === "ok" && theirs.status === "ok" ? `${(ours.value.recordsPerSecond / theirs.value.recordsPerSecond).toFixed(2)}×` : "n/a";
    if (row.produce.status !== "ok" && row.consume.status !== "ok") continue;
    lines.push(`  ${row.system} vs ${peerName} at ${row.recordBytes} B: produce ${ratio(row.produce, peer.produce)}, consume ${ratio(row.consume, peer.consume)}`);
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
    const [ceiling, singleCeiling] = [row.produceCpu?.ceilingRecordsPerSecond ?? null, single.produceCpu?.ceilingRecordsPerSecond ?? null];
    // What the cores allow at each row's CPU cost: the most the produce ratio could be where both are CPU-bound.
    const cpu = ceiling === null || singleCeiling === null ? "" : `; CPU ceiling ${(ceiling / singleCeiling).toFixed(2)}×`;
    lines.push(
      `  ${row.system} at ${row.recordBytes} B: produce ${(row.produce.value.recordsPerSecond / single.produce.value.recordsPerSecond).toFixed(2)}× ${single.system}'s${cpu}; ` +
        `p99 ${p99(row)} vs ${p99(single)}`,
    );
  }
  return lines;
}

function failures(report: BenchReport): string[] {
  const lines: string[] = report.unavailable.map(({ system, reason }) => `  ${system}: unavailable (${reason})`);
  for (const row of report.rows) {
    if (row.kind === "system" && row.produce.status === "unavailable") continue;
    const label = row.kind === "system" ? `${row.system} ${row.recordBytes} B` : `limit ${row.probe}${row.kind === "latency-limit" ? ` ${row.unit}` : ""}`;
    const outcomes: Record<string, Outcome<unknown>> = row.kind === "system" ? { produce: row.produce, consume: row.consume, latency: row.latency } : { probe: row.result };
    for (const [phase, outcome] of Object.entries(outcomes)) {
      if (outcome.status !== "ok") lines.push(`  ${label} ${phase}: ${outcome.status} (${outcome.reason})`);
    }
  }
  return lines;
}

const mebibytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const kibibytes = (bytes: number): string => `${(bytes / 2 ** 10).toFixed(1)} KiB`;
const verdict = (value: number, goal: number): string => (value < goal ? "met" : "MISSED");

function clientLines(client: Outcome<ClientBundle>): string[] {
  if (client.status !== "ok") return [`  @freshet/client for browsers: ${client.status} (${client.reason})`];
  const bundle = client.value;
  return [
    `  @freshet/client for browsers (${bundle.entry}, esbuild minified ESM, gzip -9): ${kibibytes(bundle.gzippedBytes)} gzipped, ${kibibytes(bundle.minifiedBytes)} minified; ` +
      `goal < ${kibibytes(GOALS.clientGzippedBytes)}: ${verdict(bundle.gzippedBytes, GOALS.clientGzippedBytes)}`,
    `    left out (a browser build supplies them): ${bundle.external.join(", ")}; zstd's zstd.wasm is fetched only when zstd is first used`,
    `    largest inputs: ${bundle.largest.map((input) => `${input.path} ${kibibytes(input.bytes)}`).join(", ")}`,
  ];
}

function footprintLines(footprint: Footprint): string[] {
  const lines = footprint.brokers.map(
    (broker) =>
      `  ${broker.system} broker: idle RSS ${mebibytes(broker.idleRssBytes)} (goal < ${mebibytes(GOALS.idleRssBytes)}: ${verdict(broker.idleRssBytes, GOALS.idleRssBytes)}), ` +
      `peak RSS over its run ${mebibytes(broker.peakRssBytes)}`,
  );
  if (footprint.client !== null) lines.push(...clientLines(footprint.client));
  return lines;
}

/** The one table of a run, followed by the settings and setups that produced it. */
export function formatReport(report: BenchReport): string {
  const { options, machine } = report;
  const systemRows = report.rows.filter((row): row is SystemRow => row.kind === "system");
  const rows = [HEADERS, ...report.rows.map(rowCells), ...cpuCeilingCells(systemRows)];
  const acks = options.acks === -1 ? "all" : "1";
  const sections = [
    render(rows),
    "",
    'fsync<ack: "yes" when the system has the record on disk (fsync/fdatasync) before it acknowledges it, "no" when an ack means written to memory or the page cache.',
    `machine: ${machine.cpus} cpus (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, Linux ${machine.kernel}, load average ${machine.loadAverage.toFixed(2)} at start`,
    `settings: ${integer.format(options.records)} records per system and size${options.smoke ? " (smoke)" : ""}, batch ${options.batch} records, ` +
      `${options.inFlight} batches in flight, consume batch ${options.fetchBatch} records, Freshet acks=${acks} (RF=3 rows: acks=all); ` +
      `latency: open loop at the row's "lat rec/s" (--latency-rate, RF=3 rows --cluster-latency-rate), ${integer.format(options.latencyRecords)} records, ` +
      "one record per request, measured from each record's intended send time to its confirmation.",
    "MB = 10^6 bytes of record payload (protocol overhead not counted); each phase writes to a fresh stream/topic; systems run one at a time.",
    "limit rows: MB/s of the probe, best of 3 runs (disk: sequential 1 MiB writes to a new temp file on the data directories' file system; loopback: one TCP connection between two worker threads, 256 KiB writes).",
    `append + fdatasync: the latency floor of an fsync-before-ack record, ${integer.format(options.syncSamples)} appends of one record to a temp file on the same file system, each timed with its fdatasync, back to back.`,
    `open-loop sender: the latency runs' own generator with a send that confirms at once (${integer.format(options.syncSamples)} records): how late Node's millisecond timers let it send, which every latency row includes.`,
    "group commit: that open loop appending each record to such a file through a minimal group commit (what is queued goes in one write + fdatasync) and confirming it once synced: an fsync-before-ack latency run with no network and no broker.",
    "CPU ceiling rows: the produce rec/s this machine's cores would allow at the CPU cost the row's produce phase measured (see the CPU budget below).",
    ...report.setups.map((setup) => `${setup.system}:\n${setup.notes.map((note) => `  - ${note}`).join("\n")}`),
  ];
  if (report.sweep.length > 0) {
    sections.push(
      "",
      `latency vs offered rate (open loop, ${report.options.sweepSeconds} s per rate, a fresh stream each; "kept up" = confirmed rate within ${Math.round((1 - KEPT_UP) * 100)}% of offered; ` +
        `"stopped" = sending stopped once half a second's worth of records was unconfirmed; past the knee latencies grow with the run's length):`,
      render([SWEEP_HEADERS, ...report.sweep.map(sweepCells)]),
      "",
    );
  }
  const footprint = footprintLines(report.footprint);
  if (footprint.length > 0) sections.push("footprint (RSS from /proc/<pid>/status: idle = VmRSS once listening, peak = VmHWM at stop):", ...footprint);
  const compared = comparisons(report);
  if (compared.length > 0) sections.push("throughput relative to JetStream (records/s ratio):", ...compared);
  const replicated = replicationCost(report);
  if (replicated.length > 0) sections.push("replication cost (RF=3, acks=all) against the same generator on one node:", ...replicated);
  sections.push(...cpuBudgetLines(systemRows));
  const failed = failures(report);
  if (failed.length > 0) sections.push("not measured:", ...failed);
  return sections.join("\n");
}
