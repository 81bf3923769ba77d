import type { Command } from "commander";
import { type CliContext, withClient } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { parseOptions } from "../options/zod-options.js";
import { compileRecordFormat } from "../output/record-format.js";
import { consumeSchema, recordTemplate, startPosition } from "./consume-options.js";
import { printSmartConsume } from "./consume-smart.js";
import { chainFlagParsers } from "./topic-chain-options.js";

type Globals = () => { bootstrap?: string };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerConsumeCommand(program: Command, context: CliContext, globals: Globals): void {
  const chainFlags = chainFlagParsers();
  program
    .command("consume")
    .description("print records of a topic, one per line")
    .argument("<topic>", "topic to read")
    .option("-B, --from-beginning", "start at the oldest record")
    .option("--offset <n>", "start at this offset in each partition")
    .option("-T, --tail <n>", "start <n> records before the end of each partition")
    .option("-p, --partition <n>", "read only this partition (repeatable)", collect, [])
    .option("-d, --disable-continuous", "exit once the end present at start is reached")
    .option("-g, --group <id>", "read as a member of this consumer group (commits offsets)")
    .option("-F, --format <template>", "line template: {{key}} {{value}} {{offset}} {{partition}} {{topic}} {{time}} {{timestamp}}")
    .option("-k, --key-value", "print key=value")
    .option("--sm <module>", "read through this SmartModule NAME[@VERSION], run on the broker; repeat to chain", chainFlags.sm)
    .option("--param <key=value>", "parameter for the --sm before it; repeatable", chainFlags.param)
    .action(async (topic: string, raw: Record<string, unknown>) => {
      const options = parseOptions(consumeSchema, raw);
      const chain = chainFlags.steps;
      if (chain.length > 0 && options.group !== undefined) throw new UserError("--sm reads partitions directly; it cannot be combined with --group", EXIT_USAGE);
      const formatter = compileRecordFormat(recordTemplate(options));
      if (!formatter.ok) throw new UserError(`invalid --format: ${formatter.error}`, EXIT_USAGE);
      const format = formatter.value;
      const abort = new AbortController();
      const stop = (): void => abort.abort(new Error("interrupted"));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        await withClient(context, globals(), async (client) => {
          const common = { topic, start: startPosition(options), exitAtEnd: options.disableContinuous === true, signal: abort.signal };
          const partitions = options.partition && options.partition.length > 0 ? options.partition : undefined;
          if (chain.length > 0) {
            await printSmartConsume(client, context, { ...common, partitions, chain }, format);
            return;
          }
          const records = options.group === undefined ? client.consume({ ...common, partitions }) : client.consumeGroup({ ...common, groupId: options.group });
          for await (const record of records) {
            await context.stdout.write(`${format(record)}\n`);
            if (abort.signal.aborted) break;
          }
        });
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
}
