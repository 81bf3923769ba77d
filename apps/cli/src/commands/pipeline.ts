import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { parsePipeline } from "@freshet/pipeline/spec";
import { callApi } from "../cloud/api-client.js";
import { targetCluster } from "../cloud/connector-target.js";
import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import { parseOptions } from "../options/zod-options.js";
import { formatTable } from "../output/table.js";
import { session } from "./cloud-cluster.js";

const clusterFlag = z.object({ cluster: z.string().min(1).optional() });
const CLUSTER_HELP = "cluster id or name (default: the current profile's cluster, or the only one)";

/** `line 9 (events): sources.events.connector.config.url: …`, one per problem. */
function problemLines(problems: readonly { line: number; nodeId?: string; message: string }[]): string {
  return problems.map((p) => `line ${String(p.line)}${p.nodeId === undefined ? "" : ` (${p.nodeId})`}: ${p.message}\n`).join("");
}

function listOrDash(names: readonly string[]): string {
  return names.length === 0 ? "-" : names.join(", ");
}

/** `freshet pipeline …`: pipeline documents deployed as versions (their connectors and dataflow) next to a cloud cluster. */
export function registerPipelineCommands(program: Command, context: CliContext): void {
  async function located(clusterOption: string | undefined) {
    const { settings, api } = await session(context);
    return { settings, api, cluster: await targetCluster(context.env.home, settings, api, clusterOption) };
  }

  async function pipelineNamed(clusterOption: string | undefined, name: string) {
    const where = await located(clusterOption);
    const found = (await callApi(where.settings, () => where.api.pipelines.list.query({ clusterId: where.cluster.id }))).find((p) => p.name === name);
    if (found === undefined) throw new UserError(`no pipeline named "${name}" on cluster "${where.cluster.name}"`);
    return { ...where, pipeline: found };
  }

  const pipeline = program.command("pipeline").description("deploy pipelines (sources, operators, sinks as one document) next to a cloud cluster, as versions");

  pipeline
    .command("deploy")
    .description("validate a pipeline document and deploy it as the next version of the pipeline with its name (created on first deploy)")
    .argument("<file>", "the pipeline's YAML document")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseOptions(clusterFlag, raw);
      const yaml = await readFile(file, "utf8").catch((cause: unknown) => {
        throw new UserError(`cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, 1, { cause });
      });
      const invalid = async (problems: readonly { line: number; nodeId?: string; message: string }[]) => {
        await context.stderr.write(problemLines(problems));
        return new UserError(`${file} is not a valid pipeline (${String(problems.length)} problem${problems.length === 1 ? "" : "s"} above); nothing was deployed`);
      };
      const parsed = parsePipeline(yaml);
      if (!parsed.ok) throw await invalid(parsed.problems);
      const { settings, api, cluster } = await located(options.cluster);
      // The server checks more than the document's shape: each connector's settings against its own schema.
      const checked = await callApi(settings, () => api.pipelines.validate.query({ yaml }));
      if (!checked.ok) throw await invalid(checked.problems);
      const name = parsed.spec.name;
      const existing = (await callApi(settings, () => api.pipelines.list.query({ clusterId: cluster.id }))).find((p) => p.name === name);
      const pipelineId = existing?.id ?? (await callApi(settings, () => api.pipelines.create.mutate({ clusterId: cluster.id, yaml }))).pipelineId;
      const deployed = await callApi(settings, () => api.pipelines.deploy.mutate({ pipelineId, yaml }));
      const { plan } = deployed;
      await context.stdout.write(
        `pipeline "${name}" version ${String(deployed.version)} on cluster "${cluster.name}": deployed ${listOrDash(plan.deploy)}; removed ${listOrDash(plan.remove)}; unchanged ${listOrDash(plan.unchanged)}\n`,
      );
    });

  pipeline
    .command("list")
    .description("list the cluster's pipelines")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(clusterFlag, raw);
      const { settings, api, cluster } = await located(options.cluster);
      const pipelines = await callApi(settings, () => api.pipelines.list.query({ clusterId: cluster.id }));
      const rows = pipelines.map((p) => [p.name, p.status, p.currentVersion === null ? "-" : String(p.currentVersion), p.updatedAt]);
      await context.stdout.write(`${formatTable(["NAME", "STATUS", "VERSION", "UPDATED"], rows)}\n`);
    });

  pipeline
    .command("versions")
    .description("a pipeline's versions, newest first")
    .argument("<name>", "pipeline name")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(clusterFlag, raw);
      const { settings, api, pipeline: found } = await pipelineNamed(options.cluster, name);
      const versions = await callApi(settings, () => api.pipelines.versions.query({ pipelineId: found.id }));
      const rows = versions.map((v) => [String(v.version), v.deployedAt, v.deployedBy ?? "-", v.restoredFrom === null ? "-" : String(v.restoredFrom)]);
      await context.stdout.write(`${formatTable(["VERSION", "DEPLOYED", "BY", "RESTORED FROM"], rows)}\n`);
    });

  pipeline
    .command("restore")
    .description("deploy an old version's document again, as a new version")
    .argument("<name>", "pipeline name")
    .argument("<version>", "the version to restore")
    .option("--cluster <cluster>", CLUSTER_HELP)
    .action(async (name: string, versionText: string, raw: Record<string, unknown>) => {
      const options = parseOptions(clusterFlag, raw);
      if (!/^[1-9]\d{0,8}$/.test(versionText)) throw new UserError(`invalid version: ${versionText} (a version number such as 3)`, 2);
      const version = Number(versionText);
      const { settings, api, cluster, pipeline: found } = await pipelineNamed(options.cluster, name);
      const restored = await callApi(settings, () => api.pipelines.restore.mutate({ pipelineId: found.id, version }));
      await context.stdout.write(`pipeline "${name}" version ${String(version)} restored as version ${String(restored.version)} on cluster "${cluster.name}"\n`);
    });
}
