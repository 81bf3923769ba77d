/**
 * The SmartModule development kit on the command line: scaffold a module, build it
 * to a component, and run it on local records, all without a cluster.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { GUEST_ENGINES } from "@freshet/smartmodule/build/guest-engines";
import { SmartModuleError } from "@freshet/smartmodule/errors";
import { formatRecordLine, parseRecordLines } from "@freshet/smartmodule/local/record-lines";
import { unpackRecords } from "@freshet/smartmodule/packed/packed-reader";
import { packRecords } from "@freshet/smartmodule/packed/packed-writer";
import { SMART_MODULE_KINDS } from "@freshet/smartmodule/record";
import { scaffoldModule } from "@freshet/smartmodule/smdk/scaffold";
import type { CliContext } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { parseOptions } from "../options/zod-options.js";

/** Records per batch in `sm test`: big enough to be quick, small enough that an aggregate's state visibly carries over. */
const TEST_BATCH_RECORDS = 1000;

const LANGUAGES = { typescript: "typescript", ts: "typescript", assemblyscript: "assemblyscript", as: "assemblyscript" } as const;
const initSchema = z.object({
  kind: z.enum(SMART_MODULE_KINDS),
  lang: z.enum(Object.keys(LANGUAGES) as [keyof typeof LANGUAGES, ...(keyof typeof LANGUAGES)[]]).default("typescript"),
});
const buildSchema = z.object({ path: z.string(), engine: z.enum(GUEST_ENGINES).optional() });
const testSchema = z.object({
  input: z.string(),
  param: z.array(z.string().regex(/^[^=]+=/, "must be name=value")).default([]),
  path: z.string().optional(),
  wasm: z.string().optional(),
});

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The build and run machinery (TypeScript, componentize-js, jco), loaded by the commands that use it:
 * importing it takes ~1.5 s of CPU, which every other `freshet` command would pay at start.
 */
async function smdk() {
  const [{ BuildError }, { buildProject, projectName, ProjectError }, { openNodeChain }] = await Promise.all([
    import("@freshet/smartmodule/build/build-module"),
    import("@freshet/smartmodule/smdk/build-project"),
    import("@freshet/smartmodule/runtime-node"),
  ]);
  return { BuildError, buildProject, projectName, ProjectError, openNodeChain };
}

/** Turns what the SmartModule library throws for a user's mistake into a UserError. */
async function asUserErrors<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (cause) {
    const { BuildError, ProjectError } = await smdk();
    if (cause instanceof BuildError || cause instanceof ProjectError || cause instanceof SmartModuleError) throw new UserError(cause.message, 1, { cause });
    throw cause;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 1000 ? 3 : 1)} s`;
}

function size(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

export function addSmDevCommands(sm: Command, context: CliContext): void {
  sm.command("init")
    .description("create a SmartModule project from a template")
    .argument("<name>", "folder to create; its name is the module's name")
    .requiredOption("--kind <kind>", `one of ${SMART_MODULE_KINDS.join(", ")}`)
    .option("--lang <language>", "typescript (ts), or assemblyscript (as): compiled to a small, fast module in about a second", "typescript")
    .action(async (name: string, raw: Record<string, unknown>) => {
      const { kind, lang } = parseOptions(initSchema, raw);
      const language = LANGUAGES[lang];
      const created = await scaffoldModule(name, kind, language);
      if (!created.ok) throw new UserError(created.message, EXIT_USAGE);
      await context.stdout.write(`created ${kind} module${language === "assemblyscript" ? " in AssemblyScript" : ""} in ${created.dir}:\n${created.files.map((f) => `  ${f}\n`).join("")}`);
    });

  sm.command("build")
    .description("build a SmartModule project's src/index.ts into dist/<name>.wasm")
    .option("--path <dir>", "the project folder", ".")
    .option("--engine <engine>", `JS engine: starlingmonkey (runs ~2.5x faster) or quickjs (builds in seconds, ~1.7 MB); default: package.json freshet.engine, else starlingmonkey`)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(buildSchema, raw);
      const { buildProject } = await smdk();
      const built = await asUserErrors(() => buildProject(options.path, options.engine));
      await context.stdout.write(`built dist/${built.name}.wasm (${size(built.wasm.byteLength)}) in ${seconds(built.ms)}${built.fromCache ? ", from the build cache" : ""}\n`);
    });

  sm.command("test")
    .description("run a SmartModule on records from a JSON-lines file and print what comes out")
    .requiredOption("--input <file>", "records, one JSON value or {key, value, timestamp, headers} a line")
    .option("--param <name=value>", "a module parameter (repeatable)", collect)
    .option("--path <dir>", "the project folder to build and run (default: .)")
    .option("--wasm <file>", "a built component to run instead of a project")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(testSchema, raw);
      if (options.path !== undefined && options.wasm !== undefined) throw new UserError("give --path or --wasm, not both", EXIT_USAGE);
      const input = parseRecordLines(await readFile(options.input, "utf8"));
      if (!input.ok) throw new UserError(`${options.input}: ${input.message}`, EXIT_USAGE);
      const { buildProject, projectName, openNodeChain } = await smdk();
      const params = options.param.map((p): [string, string] => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]);
      const { name, wasm } = await asUserErrors(async () => {
        if (options.wasm !== undefined) return { name: options.wasm, wasm: await readFile(options.wasm) };
        const dir = options.path ?? ".";
        return { name: await projectName(dir), wasm: (await buildProject(dir)).wasm };
      });
      const chain = await asUserErrors(() => openNodeChain([{ name, module: wasm, params }]));
      try {
        for (let at = 0; at < input.records.length; at += TEST_BATCH_RECORDS) {
          const out = await asUserErrors(() => chain.process(packRecords(input.records.slice(at, at + TEST_BATCH_RECORDS))));
          const lines = unpackRecords(out.records).map(formatRecordLine);
          if (lines.length > 0) await context.stdout.write(`${lines.join("\n")}\n`);
          for (const error of out.errors) await context.stderr.write(`error: record at offset ${error.offset}: ${error.message}\n`);
        }
      } finally {
        await chain.close();
      }
    });
}
