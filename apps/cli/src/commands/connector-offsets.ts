import type { Command } from "commander";
import { z } from "zod";
import { callApi, type CloudApi } from "../cloud/api-client.js";
import { connectorNamed, targetCluster } from "../cloud/connector-target.js";
import type { CliContext } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { parseOptions } from "../options/zod-options.js";
import { formatTable } from "../output/table.js";
import { session } from "./cloud-cluster.js";

const offsetsSchema = z
  .object({ cluster: z.string().min(1).optional(), reset: z.boolean().optional(), set: z.string().min(1).optional() })
  .refine((o) => !(o.reset === true && o.set !== undefined), { message: "pass --reset or --set, not both" });

/** A sink's offsets as `--set` takes them: the partitions to move (others keep theirs). */
const sinkPartitions = z.array(z.object({ topic: z.string().min(1), partition: z.number().int().min(0), offset: z.number().int().min(0) })).min(1);

type Offsets = Awaited<ReturnType<CloudApi["connectors"]["offsets"]["get"]["query"]>>["offsets"];

/** `--set JSON`: a source's position (any JSON), or a sink's `[{"topic","partition","offset"}, …]`. */
function parseSet(text: string, kind: "source" | "sink"): Parameters<CloudApi["connectors"]["offsets"]["alter"]["mutate"]>[0]["offsets"] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new UserError(`--set: not JSON (${(cause as Error).message})`, EXIT_USAGE, { cause });
  }
  if (kind === "source") return { kind, position: json as never };
  const partitions = sinkPartitions.safeParse(json);
  if (!partitions.success) throw new UserError('--set: a sink takes [{"topic":"…","partition":0,"offset":0}, …]', EXIT_USAGE);
  return { kind, partitions: partitions.data };
}

function offsetsText(name: string, offsets: Offsets): string {
  if (offsets.kind === "source") {
    return offsets.position === null ? `connector "${name}" has no stored position (it starts afresh)\n` : `connector "${name}" position: ${JSON.stringify(offsets.position)}\n`;
  }
  if (offsets.partitions.length === 0) return `connector "${name}" has no committed offsets (it starts from delivery.start)\n`;
  return `${formatTable(
    ["TOPIC", "PARTITION", "OFFSET"],
    offsets.partitions.map((p) => [p.topic, String(p.partition), String(p.offset)]),
  )}\n`;
}

/** `freshet connector offsets NAME [--reset | --set JSON]`: read or change them (changes only while stopped). */
export function registerConnectorOffsetsCommand(connector: Command, context: CliContext, clusterHelp: string): void {
  connector
    .command("offsets")
    .description("a connector's offsets (a source's position, a sink's committed offsets); change them while it is stopped")
    .argument("<name>", "connector name")
    .option("--reset", "forget them: a source starts afresh, a sink from its delivery.start")
    .option("--set <json>", 'a source\'s position as JSON, or a sink\'s [{"topic":"…","partition":0,"offset":0}, …]')
    .option("--cluster <cluster>", clusterHelp)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(offsetsSchema, raw);
      const { settings, api } = await session(context);
      const cluster = await targetCluster(context.env.home, settings, api, options.cluster);
      const found = await connectorNamed(settings, api, cluster, name);
      const connectorId = found.id;
      const set = options.set === undefined ? undefined : parseSet(options.set, found.kind);
      const answer =
        options.reset === true
          ? await callApi(settings, () => api.connectors.offsets.reset.mutate({ connectorId }))
          : set !== undefined
            ? await callApi(settings, () => api.connectors.offsets.alter.mutate({ connectorId, offsets: set }))
            : await callApi(settings, () => api.connectors.offsets.get.query({ connectorId }));
      await context.stdout.write(offsetsText(name, answer.offsets));
    });
}
