import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseOptions, USAGE } from "./cli/options.js";
import { formatReport } from "./report/table.js";
import { runBench } from "./run/run-bench.js";

/*
 * `npm run bench -- [options]`: runs the selected systems one after another,
 * prints one table on stdout (progress goes to stderr), and exits 2 when a
 * system could not be reached, after measuring all the others.
 */
async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    return parsed.message === USAGE ? 0 : 2;
  }
  const { options } = parsed;
  const report = await runBench(options, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${formatReport(report)}\n`);
  if (options.jsonPath !== null) {
    await mkdir(dirname(options.jsonPath), { recursive: true });
    await writeFile(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (report.unavailable.length > 0) {
    for (const { system, reason } of report.unavailable) process.stderr.write(`error: ${system} unavailable: ${reason}\n`);
    return 2;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (cause: unknown) => {
    process.stderr.write(`bench failed: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    process.exit(1);
  },
);
