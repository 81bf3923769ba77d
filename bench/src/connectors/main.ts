import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { formatConnectorReport } from "./connector-report.js";
import { DIRECTIONS, runConnectorBench } from "./run-connector-bench.js";

/*
 * `npm run bench:connectors -- [--records N] [--only mqtt-source,postgres-sink]`: records/s of every
 * built-in connector direction under the connector runtime, next to the plain client library doing
 * the same work in a loop, in one table.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { records: { type: "string", default: "50000" }, only: { type: "string" }, "timeout-seconds": { type: "string", default: "180" } } });
  const records = Number(values.records);
  const timeoutSeconds = Number(values["timeout-seconds"]);
  if (!Number.isSafeInteger(records) || records < 1) throw new Error("--records must be a positive integer");
  if (!Number.isSafeInteger(timeoutSeconds) || timeoutSeconds < 1) throw new Error("--timeout-seconds must be a positive integer");
  const only = values.only?.split(",").map((type) => type.trim());
  const unknown = only?.filter((type) => !DIRECTIONS.some((d) => d.type === type)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: no connector direction named ${unknown.join(", ")}; known: ${DIRECTIONS.map((d) => d.type).join(", ")}`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(
    `connector bench: ${records.toString()} records of ~100 B per row, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const rows = await runConnectorBench(records, timeoutSeconds * 1000, log, only);
  process.stdout.write(`${formatConnectorReport(rows)}\n`);
}

main().catch((cause: unknown) => {
  process.stderr.write(`connector bench failed: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  process.exit(1);
});
