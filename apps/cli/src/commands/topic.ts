import type { Command } from "commander";
import { type CliContext, withClient } from "../context.js";
import { parseOptions } from "../options/zod-options.js";
import { formatTable } from "../output/table.js";
import { chainFlagParsers, chainText } from "./topic-chain-options.js";
import { chainFlagsProblem, configAssignments, topicConfigs, topicCreateSchema } from "./topic-options.js";
import type { TopicDescription } from "@freshet/client/admin/types";
import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import { UserError } from "../errors/user-error.js";

const TOPIC_ALREADY_EXISTS = errorCode("TOPIC_ALREADY_EXISTS");

type Globals = () => { bootstrap?: string };

function describeText(topic: TopicDescription): string {
  const rows = topic.partitions.map((p) => [
    String(p.partition),
    p.leader < 0 ? "none" : String(p.leader),
    p.replicas.join(","),
    p.isr.join(","),
    String(p.logStartOffset),
    String(p.highWatermark),
    String(Math.max(0, p.highWatermark - p.logStartOffset)),
  ]);
  const lines = [
    `Topic: ${topic.name}`,
    `Partitions: ${topic.partitions.length}`,
    ...chainLines(topic),
    "",
    formatTable(["PARTITION", "LEADER", "REPLICAS", "ISR", "LOG-START", "HIGH-WATERMARK", "RECORDS"], rows),
  ];
  if (topic.configs === null) {
    lines.push("", "Configs: not available from this broker");
  } else if (topic.configs.length > 0) {
    lines.push("", "Configs:");
    lines.push(
      formatTable(
        ["NAME", "VALUE", "SOURCE"],
        topic.configs.map((c) => [c.name, c.sensitive ? "(hidden)" : (c.value ?? "null"), c.isDefault ? "default" : "topic"]),
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Where a derived topic comes from and which SmartModules it (or its producers' batches) runs through. */
function chainLines(topic: TopicDescription): string[] {
  const config = (name: string) => topic.configs?.find((c) => c.name === name)?.value ?? "";
  const lines: string[] = [];
  if (config("freshet.source") !== "") lines.push(`Source: ${config("freshet.source")}`);
  if (config("freshet.smartmodules") !== "") lines.push(`SmartModules: ${chainText(config("freshet.smartmodules"))}`);
  return lines;
}

export function registerTopicCommands(program: Command, context: CliContext, globals: Globals): void {
  const topic = program.command("topic").description("create, list, describe and delete topics");

  const chainFlags = chainFlagParsers();
  topic
    .command("create")
    .description("create a topic")
    .argument("<name>", "topic name ([a-zA-Z0-9._-], up to 249 characters)")
    .option("-p, --partitions <n>", "number of partitions (default: 1, or the source's with --from)")
    .option("-r, --replication <n>", "copies of each partition, on different SPUs (default: the cluster's, up to 3)")
    .option("--retention-time <duration>", "keep records this long (e.g. 7d, 12h, forever)")
    .option("--retention-bytes <size>", "keep at most this much per partition (e.g. 1GiB)")
    .option("--segment-size <size>", "size of one log segment file (e.g. 128MiB)")
    .option("--compression <type>", "none|gzip|snappy|lz4|zstd|producer (keep what producers send)")
    .option("--durability <mode>", "batch (fsync before ack) | interval (fsync every --flush-interval) | none")
    .option("--flush-interval <duration>", "fsync interval for --durability interval (e.g. 1s)")
    .option("--from <topic>", "derive this topic from another: the broker fills it with the --sm chain's output of the source")
    .option("--sm <module>", "SmartModule NAME[@VERSION] applied to produced records (or the source's with --from); repeat to chain", chainFlags.sm)
    .option("--param <key=value>", "parameter for the --sm before it; repeatable", chainFlags.param)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(topicCreateSchema, raw);
      const problem = chainFlagsProblem(options, chainFlags.steps);
      if (problem !== null) throw new UserError(problem);
      const partitions = options.partitions ?? (options.from === undefined ? 1 : undefined);
      await withClient(context, globals(), (client) =>
        client.admin.createTopics([{ name, partitions, replicationFactor: options.replication, configs: topicConfigs(options, chainFlags.steps) }]),
      ).catch((error: unknown) => {
        if (error instanceof KafkaProtocolError && error.code === TOPIC_ALREADY_EXISTS) throw new UserError(`topic "${name}" already exists`);
        throw error;
      });
      await context.stdout.write(`topic "${name}" created\n`);
    });

  topic
    .command("list")
    .description("list topics")
    .action(async () => {
      const topics = await withClient(context, globals(), (client) => client.admin.listTopicSummaries());
      if (topics.length === 0) {
        await context.stdout.write("No topics\n");
        return;
      }
      const rows = topics.map((t) => [t.name, String(t.partitions), String(t.replicationFactor)]);
      await context.stdout.write(`${formatTable(["NAME", "PARTITIONS", "REPLICATION"], rows)}\n`);
    });

  topic
    .command("describe")
    .description("show a topic's partitions, offsets and configs")
    .argument("<name>", "topic name")
    .action(async (name: string) => {
      const description = await withClient(context, globals(), (client) => client.admin.describeTopic(name));
      await context.stdout.write(describeText(description));
    });

  topic
    .command("alter")
    .description("change a topic's configs; the others keep their values")
    .argument("<name>", "topic name")
    .option("--config <key=value...>", "set configs, e.g. retention.ms=3600000 cleanup.policy=compact")
    .option("--reset <key...>", "return configs to their defaults")
    .action(async (name: string, options: { config?: string[]; reset?: string[] }) => {
      const set = configAssignments(options.config ?? []);
      if (Object.keys(set).length === 0 && (options.reset ?? []).length === 0) throw new UserError("name at least one --config key=value or --reset key");
      await withClient(context, globals(), (client) => client.admin.alterTopicConfigs(name, { set, reset: options.reset ?? [] }));
      await context.stdout.write(`topic "${name}" configs changed\n`);
    });

  topic
    .command("delete")
    .description("delete a topic and its data")
    .argument("<name>", "topic name")
    .action(async (name: string) => {
      await withClient(context, globals(), (client) => client.admin.deleteTopics([name]));
      await context.stdout.write(`topic "${name}" deleted\n`);
    });
}
