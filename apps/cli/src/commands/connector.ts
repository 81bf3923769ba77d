import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { callApi } from "../cloud/api-client.js";
import { confirmByName } from "../cloud/confirm-by-name.js";
import { connectorNamed, targetCluster } from "../cloud/connector-target.js";
import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import { count, parseOptions } from "../options/zod-options.js";
import { formatTable } from "../output/table.js";
import { session } from "./cloud-cluster.js";
import { registerConnectorOffsetsCommand } from "./connector-offsets.js";
import { connectorMetricsText, connectorStatusLine } from "./connector-text.js";

const clusterFlag = z.object({ cluster: z.string().min(1).optional() });
const createSchema = clusterFlag.extend({ config: z.string({ error: "pass --config FILE (the connector's YAML)" }).min(1) });
const logsSchema = clusterFlag.extend({ lines: count.pipe(z.number().min(1).max(50, "at most 50 lines are kept")).default(50) });
const deleteSchema = clusterFlag.extend({ yes: z.boolean().optional() });

const CLUSTER_HELP = "cluster id or name (default: the current profile's cluster, or the only one)";

/** `freshet connector …`: connectors running next to a cloud cluster, through the cloud API. */
export function registerConnectorCommands(program: Command, context: CliContext): void {
  const connector = program.command("connector").description("deploy, watch and manage connectors next to a cloud cluster");

  /** The session, the cluster meant, and the connector named on it. */
  async function located(name: string, clusterOption: string | undefined) {
    const { settings, api } = await session(context);
    const cluster = await targetCluster(context.env.home, settings, api, clusterOption);
    return { settings, api, cluster, connector: await connectorNamed(settings, api, cluster, name) };
  }

  connector
    .command("create")
    .description("validate a connector YAML, check its connection, and deploy it next to the cluster")
    .requiredOption("--config <file>", "the connector's YAML (without a cluster section: the cloud fills it in)")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(createSchema, raw);
      const yaml = await readFile(options.config, "utf8").catch((cause: unknown) => {
        throw new UserError(`cannot read ${options.config}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, 1, { cause });
      });
      const { settings, api } = await session(context);
      const cluster = await targetCluster(context.env.home, settings, api, options.cluster);
      const created = await callApi(settings, () => api.connectors.create.mutate({ clusterId: cluster.id, yaml }));
      await context.stdout.write(`connector "${created.name}" created on cluster "${cluster.name}": ${created.status}\n`);
    });

  connector
    .command("list")
    .description("list the cluster's connectors")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(clusterFlag, raw);
      const { settings, api } = await session(context);
      const cluster = await targetCluster(context.env.home, settings, api, options.cluster);
      const connectors = await callApi(settings, () => api.connectors.list.query({ clusterId: cluster.id }));
      const rows = connectors.map((c) => [c.name, c.type, c.kind, c.status, String(c.metrics?.recordsIn ?? "-"), String(c.metrics?.recordsOut ?? "-"), String(c.metrics?.errors ?? "-"), c.createdAt]);
      await context.stdout.write(`${formatTable(["NAME", "TYPE", "KIND", "STATUS", "IN", "OUT", "ERRORS", "CREATED"], rows)}\n`);
    });

  connector
    .command("status")
    .description("a connector's status, last error and counters")
    .argument("<name>", "connector name")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(clusterFlag, raw);
      const { settings, api, cluster, connector: found } = await located(name, options.cluster);
      const current = await callApi(settings, () => api.connectors.get.query({ connectorId: found.id }));
      await context.stdout.write(connectorStatusLine(current, cluster.name) + connectorMetricsText(current));
    });

  connector
    .command("logs")
    .description("the last lines of a connector's log")
    .argument("<name>", "connector name")
    .option("--lines <n>", "how many lines, 1-50 (default 50)")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(logsSchema, raw);
      const { settings, api, connector: found } = await located(name, options.cluster);
      const logs = await callApi(settings, () => api.connectors.logs.query({ connectorId: found.id, lines: options.lines }));
      await context.stdout.write(logs.lines.map((line) => `${line}\n`).join(""));
    });

  for (const [verb, description] of [
    ["stop", "stop a connector (it commits what it wrote first; its offsets stay)"],
    ["start", "start a stopped connector, or restart a Failed one"],
  ] as const) {
    connector
      .command(verb)
      .description(description)
      .argument("<name>", "connector name")
      .option("--cluster <cluster>", CLUSTER_HELP)
      .action(async (name: string, raw: Record<string, unknown>) => {
        const options = parseOptions(clusterFlag, raw);
        const { settings, api, cluster, connector: found } = await located(name, options.cluster);
        const changed = await callApi(settings, () => api.connectors[verb].mutate({ connectorId: found.id }));
        await context.stdout.write(connectorStatusLine(changed, cluster.name));
      });
  }

  registerConnectorOffsetsCommand(connector, context, CLUSTER_HELP);

  connector
    .command("delete")
    .description("delete a connector (organization admins); asks for the name to be typed")
    .argument("<name>", "connector name")
    .option("-y, --yes", "delete without asking (needed when stdin is not a terminal)")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(deleteSchema, raw);
      const { settings, api, cluster, connector: found } = await located(name, options.cluster);
      await confirmByName(context, { whatIsLost: `Deleting connector "${name}" stops it and removes its state for good.`, name, yes: options.yes === true });
      const deleting = await callApi(settings, () => api.connectors.delete.mutate({ connectorId: found.id }));
      await context.stdout.write(connectorStatusLine(deleting, cluster.name));
    });

  connector
    .command("types")
    .description("the connectors the cloud runs")
    .action(async () => {
      const { settings, api } = await session(context);
      const types = await callApi(settings, () => api.connectors.types.query());
      await context.stdout.write(
        `${formatTable(
          ["TYPE", "KIND", "DESCRIPTION"],
          types.map((t) => [t.type, t.kind, t.description]),
        )}\n`,
      );
    });
}
