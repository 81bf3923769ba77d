import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { formatDataflowReport } from "./dataflow-report.js";
import { QUERIES } from "./queries.js";
import { runDataflowBench } from "./run-dataflow-bench.js";

const USAGE = `npm run bench:dataflow -- [--events N] [--only q0,q5] [--partitions P] [--out-of-order G] [--seed S] [--no-in-process] [--no-process] [--timeout-seconds T]

Nexmark q0 q1 q2 q4 q5 q7 q8 on a local Freshet broker: N events (default 1,000,000) preloaded
into nexmark-person / nexmark-auction / nexmark-bid, then each query topic → topic as
apps/spu-worker --role dataflow, next to Flink's published per-core rates.`;

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: "string", default: "1000000" },
      only: { type: "string" },
      partitions: { type: "string", default: "1" },
      "out-of-order": { type: "string", default: "1" },
      seed: { type: "string", default: "42" },
      "no-in-process": { type: "boolean", default: false },
      "no-process": { type: "boolean", default: false },
      "timeout-seconds": { type: "string", default: "600" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const only = values.only?.split(",").map((name) => name.trim());
  const unknown = only?.filter((name) => !QUERIES.some((q) => q.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: no query named ${unknown.join(", ")}; known: ${QUERIES.map((q) => q.name).join(", ")}`);
  const outOfOrderGroupSize = positiveInteger(values["out-of-order"], "--out-of-order");
  // The documents allow 1 s out of order; the generator's default rate is 10 events per ms.
  if (outOfOrderGroupSize > 10_000) throw new Error("--out-of-order must be at most 10000 events (1 s of event time, the queries' watermark bound)");
  const events = positiveInteger(values.events, "--events");
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(
    `dataflow bench: ${events.toString()} Nexmark events, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const loadBefore = loadavg()[0]!;
  const result = await runDataflowBench({
    events,
    partitions: positiveInteger(values.partitions, "--partitions"),
    generator: { seed: positiveInteger(values.seed, "--seed"), outOfOrderGroupSize },
    ...(only === undefined ? {} : { only }),
    inProcess: !values["no-in-process"],
    process: !values["no-process"],
    timeoutMs: positiveInteger(values["timeout-seconds"], "--timeout-seconds") * 1000,
    log,
  });
  process.stdout.write(`${formatDataflowReport(result, availableParallelism())}\n`);
  process.stdout.write(`load average (1 min) at start ${loadBefore.toFixed(2)}, at the end ${loadavg()[0]!.toFixed(2)}, on ${availableParallelism().toString()} cores\n`);
  if (result.rows.some((row) => row.process?.ok === false)) process.exitCode = 2;
}

main().catch((cause: unknown) => {
  process.stderr.write(`dataflow bench failed: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  process.exit(1);
});
