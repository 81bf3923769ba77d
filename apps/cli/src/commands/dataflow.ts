import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { callApi } from "../cloud/api-client.js";
import { confirmByName } from "../cloud/confirm-by-name.js";
import { targetCluster } from "../cloud/connector-target.js";
import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import { count, parseOptions } from "../options/zod-options.js";
import { formatTable } from "../output/table.js";
import { session } from "./cloud-cluster.js";
import { dataflowStatusLine, dataflowStatusText, viewRowsText } from "./dataflow-text.js";

const clusterFlag = z.object({ cluster: z.string().min(1).optional() });
const deleteSchema = clusterFlag.extend({ yes: z.boolean().optional() });
const querySchema = clusterFlag.extend({
  key: z.string().min(1).optional(),
  from: z.string().min(1).optional(),
  to: z.string().min(1).optional(),
  last: count.pipe(z.number().min(1, "must be at least 1")).optional(),
  dataflow: z.string().min(1).optional(),
});

const CLUSTER_HELP = "cluster id or name (default: the current profile's cluster, or the only one)";

/** `freshet dataflow …` and `freshet view query`: stateful dataflows next to a cloud cluster, and their materialized views. */
export function registerDataflowCommands(program: Command, context: CliContext): void {
  async function located(clusterOption: string | undefined) {
    const { settings, api } = await session(context);
    return { settings, api, cluster: await targetCluster(context.env.home, settings, api, clusterOption) };
  }

  const dataflow = program.command("dataflow").description("deploy, watch and delete dataflows next to a cloud cluster");

  dataflow
    .command("deploy")
    .description("validate a dataflow document and deploy it (a new dataflow, or a new version of the one with its name)")
    .argument("<file>", "the dataflow's YAML document (without a cluster block: the cloud fills it in)")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseOptions(clusterFlag, raw);
      const yaml = await readFile(file, "utf8").catch((cause: unknown) => {
        throw new UserError(`cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, 1, { cause });
      });
      const { settings, api, cluster } = await located(options.cluster);
      const checked = await callApi(settings, () => api.dataflows.validate.query({ yaml }));
      if (!checked.ok) {
        await context.stderr.write(checked.errors.map((error) => `line ${String(error.line)}: ${error.message}\n`).join(""));
        throw new UserError(`${file} is not a valid dataflow (${String(checked.errors.length)} problem${checked.errors.length === 1 ? "" : "s"} above); nothing was deployed`);
      }
      const deployed = await callApi(settings, () => api.dataflows.deploy.mutate({ clusterId: cluster.id, yaml }));
      await context.stdout.write(`dataflow "${deployed.name}" ${deployed.created ? "deployed" : "updated"} on cluster "${cluster.name}": ${deployed.status}\n`);
    });

  dataflow
    .command("list")
    .description("list the cluster's dataflows")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(clusterFlag, raw);
      const { settings, api, cluster } = await located(options.cluster);
      const dataflows = await callApi(settings, () => api.dataflows.list.query({ clusterId: cluster.id }));
      const rows = dataflows.map((d) => {
        const ops = d.runtime?.operators ?? [];
        const lag = d.runtime?.sources.flatMap((s) => s.partitions).reduce((sum, p) => sum + p.lag, 0);
        return [d.name, d.status, String(ops.length), lag === undefined ? "-" : String(lag), (d.runtime?.views ?? []).join(",") || "-", d.updatedAt];
      });
      await context.stdout.write(`${formatTable(["NAME", "STATUS", "OPERATORS", "LAG", "VIEWS", "UPDATED"], rows)}\n`);
    });

  dataflow
    .command("status")
    .description("a dataflow's status: per operator records in and out, watermark, state size; per source partition the lag")
    .argument("<name>", "dataflow name")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(clusterFlag, raw);
      const { settings, api, cluster } = await located(options.cluster);
      const status = await callApi(settings, () => api.dataflows.status.query({ clusterId: cluster.id, name }));
      await context.stdout.write(dataflowStatusLine(status, cluster.name) + dataflowStatusText(status));
    });

  dataflow
    .command("delete")
    .description("delete a dataflow with its state and views (organization admins); its output topics stay")
    .argument("<name>", "dataflow name")
    .option("-y, --yes", "delete without asking (needed when stdin is not a terminal)")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(deleteSchema, raw);
      const { settings, api, cluster } = await located(options.cluster);
      const found = await callApi(settings, () => api.dataflows.get.query({ clusterId: cluster.id, name }));
      await confirmByName(context, { whatIsLost: `Deleting dataflow "${name}" stops it and removes its state and views for good.`, name, yes: options.yes === true });
      const deleting = await callApi(settings, () => api.dataflows.delete.mutate({ dataflowId: found.id }));
      await context.stdout.write(dataflowStatusLine(deleting, cluster.name));
    });

  program
    .command("view")
    .description("materialized views of the cluster's dataflows")
    .command("query")
    .description("a view's rows: all, one key, a key range, or the last N windows per key")
    .argument("<name>", "view name (a sink with `view:` in a deployed dataflow)")
    .option("--key <key>", "only this key")
    .option("--from <key>", "keys from this one (with --to: a range)")
    .option("--to <key>", "keys up to this one")
    .option("--last <n>", "the last N windows per key")
    .option("--dataflow <name>", "the dataflow, when two have a view of this name")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(querySchema, raw);
      const { settings, api, cluster } = await located(options.cluster);
      const result = await callApi(settings, () =>
        api.views.query.query({ clusterId: cluster.id, view: name, key: options.key, from: options.from, to: options.to, last: options.last, dataflow: options.dataflow }),
      );
      await context.stdout.write(viewRowsText(result));
    });
}
