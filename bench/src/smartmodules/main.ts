import { parseArgs } from "node:util";
import { runSmBench } from "./run-sm-bench.js";
import { formatSmReport } from "./sm-report.js";

/*
 * `npm run bench:sm -- [--records N] [--batch N]`: a filter and a map SmartModule
 * over 200-byte JSON records, in plain JavaScript, at the edge and in the SPU, and
 * consume throughput with and without a SmartModule, in one table.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { records: { type: "string", default: "200000" }, batch: { type: "string", default: "1000" } } });
  const records = Number(values.records);
  const batch = Number(values.batch);
  if (!Number.isSafeInteger(records) || records < 1 || !Number.isSafeInteger(batch) || batch < 1) throw new Error("--records and --batch must be positive integers");
  const rows = await runSmBench(records, batch, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${formatSmReport(rows)}\n`);
}

main().catch((cause: unknown) => {
  process.stderr.write(`sm bench failed: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  process.exit(1);
});
