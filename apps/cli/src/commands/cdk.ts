/**
 * The connector development kit on the command line: scaffold a connector, bundle it to one
 * ESM file, and run it under the connector runtime against a local broker.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { parseRecordLines } from "@freshet/smartmodule/local/record-lines";
import type { CliContext } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { count, parseOptions } from "../options/zod-options.js";
import { CONNECTOR_KINDS } from "../cdk/connector-kind.js";

type Globals = () => { bootstrap?: string };

const initSchema = z.object({ kind: z.enum(CONNECTOR_KINDS) });
const buildSchema = z.object({ path: z.string() });
const testSchema = z.object({
  path: z.string(),
  config: z.string().optional(),
  durationMs: count,
  records: count.optional(),
  input: z.string().optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("warn"),
});

/*
 * esbuild, the TypeScript compiler and the connector runtime are loaded by the commands that use
 * them: importing the compiler alone takes about a second, which every `freshet` command would pay.
 */
async function builder() {
  return import("../cdk/build-connector.js");
}

async function buildOrExplain(path: string) {
  const { buildConnector, ConnectorBuildError } = await builder();
  try {
    return await buildConnector(path);
  } catch (cause) {
    if (cause instanceof ConnectorBuildError) throw new UserError(cause.message, 1, { cause });
    throw cause;
  }
}

const decoder = new TextDecoder();

function recordLine(record: ConsumedRecord): string {
  const line: Record<string, unknown> = { partition: record.partition, offset: record.offset };
  if (record.key !== null) line["key"] = decoder.decode(record.key);
  line["value"] = record.value === null ? null : decoder.decode(record.value);
  return JSON.stringify(line);
}

export function registerCdkCommands(program: Command, context: CliContext, globals: Globals): void {
  const cdk = program.command("cdk").description("write connectors: scaffold, build and test them");

  cdk
    .command("init")
    .description("create a TypeScript connector project from a template")
    .argument("<name>", "folder to create; its name is the connector's name")
    .requiredOption("--kind <kind>", `one of ${CONNECTOR_KINDS.join(", ")}`)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const { kind } = parseOptions(initSchema, raw);
      const { scaffoldConnector } = await import("../cdk/scaffold.js");
      const created = await scaffoldConnector(name, kind);
      if (!created.ok) throw new UserError(created.message, EXIT_USAGE);
      await context.stdout.write(`created ${kind} connector in ${created.dir}:\n${created.files.map((f) => `  ${f}\n`).join("")}`);
    });

  cdk
    .command("build")
    .description("type-check a connector project's src/index.ts and bundle it into dist/connector.js")
    .option("--path <dir>", "the project folder", ".")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(buildSchema, raw);
      const built = await buildOrExplain(options.path);
      await context.stdout.write(`built dist/connector.js (${(built.bytes / 1024).toFixed(1)} KiB) in ${(built.ms / 1000).toFixed(1)} s\n`);
    });

  cdk
    .command("test")
    .description("build a connector and run it under the connector runtime for a while, then print its status and counts")
    .option("--path <dir>", "the project folder", ".")
    .option("--config <file>", "the connector's YAML (default: <path>/connector.yaml)")
    .option("--duration-ms <ms>", "how long to run it", "5000")
    .option("--records <n>", "stop sooner, once it wrote this many records")
    .option("--input <file>", "sinks: records (JSON lines, as for `sm test`) to produce to its first topic before it starts")
    .option("--log-level <level>", "the connector's log lines on stderr from this level: fatal, error, warn, info, debug or trace", "warn")
    .addHelpText("after", "\nIt runs against --bootstrap when given, else a throwaway broker on a free local port.")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(testSchema, raw);
      let input;
      if (options.input !== undefined) {
        const parsed = parseRecordLines(await readFile(options.input, "utf8"));
        if (!parsed.ok) throw new UserError(`${options.input}: ${parsed.message}`, EXIT_USAGE);
        input = parsed.records;
      }
      await buildOrExplain(options.path);
      const { runConnectorTest } = await import("../cdk/connector-test-run.js");
      const result = await runConnectorTest({
        configPath: options.config ?? join(options.path, "connector.yaml"),
        bootstrap: globals().bootstrap,
        durationMs: options.durationMs,
        records: options.records,
        input,
        logLevel: options.logLevel,
        workerOverride: context.env.workerPath,
      });
      const { status } = result;
      const m = status.metrics;
      const where = result.throwaway ? "a throwaway broker" : result.bootstrap;
      let text = `${status.name} (${status.kind}) ran against ${where}: ${status.state}\n`;
      text += `records in: ${m.recordsIn}, out: ${m.recordsOut}, errors: ${m.errors}, dead-lettered: ${m.deadLettered}\n`;
      if (result.produced !== undefined) {
        text += `records produced to ${result.topic}:\n${result.produced.map((r) => `${recordLine(r)}\n`).join("")}`;
      }
      await context.stdout.write(text);
      if (status.state === "failed") throw new UserError(`${status.name} failed: ${status.reason ?? "no reason given"}`);
    });
}
