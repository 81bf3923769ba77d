import type { Connector, Dataflow, Pipeline, Prisma } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { ensureTopics } from "@freshet/connectors/cluster-topics";
import { diffPipelines, planDeploy, type PipelineDiff } from "@freshet/pipeline/graph";
import { parsePipeline, type PipelineSpec } from "@freshet/pipeline/spec";
import type { AuditEntry } from "../audit.js";
import { enqueueConnectorJob, markConnectorDeleting, saveConnector } from "../connectors/connector-rows.js";
import type { Context } from "../context.js";
import { enqueueDataflowJob, markDataflowDeleting, saveDataflow } from "../dataflows/dataflow-rows.js";
import { AppError } from "../errors.js";
import { checkNewPartitions } from "../plans.js";
import { withTenant } from "../tenant/with-tenant.js";
import { clusterInOrg, runningEndpoint } from "../router/cluster-view.js";
import { compiledSchema } from "./compiled-pipeline.js";
import { problemsSentence, validatePipelineYaml, type ValidPipeline } from "./validate-pipeline.js";

export type DeployContext = Pick<Context, "prisma" | "provisioning" | "tenants" | "connectorCatalog" | "actor"> & {
  readonly org: { readonly id: string };
  readonly audit: (entry: Omit<AuditEntry, "orgId">) => Promise<void>;
};

export interface DeployPlan {
  readonly deploy: string[];
  readonly remove: string[];
  readonly unchanged: string[];
}

export interface Deployed {
  readonly version: number;
  readonly diff: PipelineDiff;
  readonly plan: DeployPlan;
}

/**
 * Deploys a document as the pipeline's next version. The version number comes from bumping the
 * pipeline's counter inside the transaction, which also locks the row: a concurrent deploy of the
 * same pipeline waits, then plans against what this one made current, so two deploys never share a
 * number nor both touch the same component from the same starting point. Only the components the
 * plan names are written (layout and description change none), through the same rows and jobs as
 * `connectors.create` and `dataflows.deploy`.
 */
export async function deployPipeline(ctx: DeployContext, pipeline: Pipeline, yaml: string, restoredFrom: number | null): Promise<Deployed> {
  const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, pipeline.clusterId);
  if (cluster.status !== "Running") throw new AppError("cluster-not-running", `The cluster is ${cluster.status}; pipelines can be deployed once it is Running.`);
  const valid = await validatePipelineYaml(yaml, ctx.connectorCatalog);
  if (!valid.ok) throw new AppError("invalid-request", problemsSentence(valid.problems));
  if (valid.spec.name !== pipeline.name) throw new AppError("invalid-request", `name: this pipeline is called ${pipeline.name}; a new name is a new pipeline.`);
  // Topics first: the connectors and the dataflow find the topics they read when they start.
  await withTenant(ctx.tenants, runningEndpoint(cluster), async (client) => {
    const existing = await client.admin.listTopicSummaries({ includeInternal: true });
    const names = new Set(existing.map((t) => t.name));
    const missing = valid.compiled.topics.filter((t) => !names.has(t));
    const check = checkNewPartitions(
      cluster.partitionsLimit,
      existing.reduce((sum, t) => sum + t.partitions, 0),
      missing.length,
    );
    if (!check.ok) throw new AppError("plan-limit", check.message);
    await ensureTopics(
      client,
      missing.map((name) => ({ name, partitions: 1 })),
    );
  });

  const { version, diff, plan, touched } = await ctx.prisma.$transaction(async (tx) => {
    const locked = await tx.pipeline.update({ where: { id: pipeline.id }, data: { lastVersion: { increment: 1 } } });
    if (locked.status === "Deleted") throw new AppError("invalid-request", "The pipeline is deleted.");
    const current = locked.currentVersion === null ? null : await tx.pipelineVersion.findUnique({ where: { pipelineId_version: { pipelineId: pipeline.id, version: locked.currentVersion } } });
    const running = current === null ? undefined : compiledSchema.parse(current.compiled);
    const plan = planDeploy(running, valid.compiled);
    const touched = await applyPlan(tx, ctx.org.id, locked, valid, plan);
    await tx.pipelineVersion.create({
      data: {
        id: newId("pipelineVersion"),
        pipelineId: pipeline.id,
        version: locked.lastVersion,
        yaml,
        compiled: JSON.parse(JSON.stringify(valid.compiled)) as Prisma.InputJsonObject,
        deployedById: ctx.actor?.user.id ?? null,
        restoredFrom,
      },
    });
    // The draft goes once what it held is deployed; a draft that moved on stays.
    const draftDeployed = locked.draft === null || locked.draft === yaml;
    await tx.pipeline.update({
      where: { id: pipeline.id },
      data: { status: "Deployed", statusReason: null, currentVersion: locked.lastVersion, ...(draftDeployed ? { draft: null, draftSavedAt: null } : {}) },
    });
    const before = current === null ? emptyLike(valid.spec) : specOf(current.yaml);
    return { version: locked.lastVersion, diff: diffPipelines(before, valid.spec), plan: { deploy: [...plan.deploy], remove: [...plan.remove], unchanged: [...plan.unchanged] }, touched };
  });
  await ctx.audit({
    action: restoredFrom === null ? "pipeline.deploy" : "pipeline.restore",
    targetType: "pipeline",
    targetId: pipeline.id,
    metadata: { version, restoredFrom, deployed: plan.deploy, removed: plan.remove },
  });
  for (const row of touched.connectors) await enqueueConnectorJob(ctx.provisioning, row);
  for (const row of touched.dataflows) await enqueueDataflowJob(ctx.provisioning, row);
  return { version, diff, plan };
}

/** Writes the rows of the components the plan deploys or removes; the jobs are enqueued after commit. */
async function applyPlan(tx: Prisma.TransactionClient, orgId: string, pipeline: Pipeline, valid: ValidPipeline, plan: { deploy: readonly string[]; remove: readonly string[] }) {
  const touched: { connectors: Connector[]; dataflows: Dataflow[] } = { connectors: [], dataflows: [] };
  const common = { orgId, clusterId: pipeline.clusterId, pipelineId: pipeline.id };
  for (const name of plan.deploy) {
    if (valid.compiled.dataflow?.name === name) {
      touched.dataflows.push((await saveDataflow(tx, { ...common, name, document: valid.compiled.dataflow.yaml })).row);
      continue;
    }
    const connector = valid.compiled.connectors.find((c) => c.name === name);
    const checked = valid.connectors.get(name);
    if (connector === undefined || checked === undefined) throw new Error(`the plan deploys ${name}, which the pipeline does not compile to`);
    touched.connectors.push(await saveConnector(tx, { ...common, yaml: connector.yaml, valid: checked }));
  }
  for (const name of plan.remove) {
    const connector = await tx.connector.findFirst({ where: { clusterId: pipeline.clusterId, name, pipelineId: pipeline.id, status: { notIn: ["Deleting", "Deleted"] } } });
    if (connector !== null) touched.connectors.push(await markConnectorDeleting(tx, connector));
    const dataflow = await tx.dataflow.findFirst({ where: { clusterId: pipeline.clusterId, name, pipelineId: pipeline.id, status: { notIn: ["Deleting", "Deleted"] } } });
    if (dataflow !== null) touched.dataflows.push(await markDataflowDeleting(tx, dataflow));
  }
  return touched;
}

/** Removes every component the pipeline deployed (its topics stay); the pipeline is Deleted at once. */
export async function deletePipeline(ctx: DeployContext, pipeline: Pipeline): Promise<void> {
  const touched = await ctx.prisma.$transaction(async (tx) => {
    await tx.pipeline.update({ where: { id: pipeline.id }, data: { status: "Deleted", deletedAt: new Date(), draft: null, draftSavedAt: null } });
    const live = { pipelineId: pipeline.id, status: { notIn: ["Deleting" as const, "Deleted" as const] } };
    const connectors = await Promise.all((await tx.connector.findMany({ where: live })).map((row) => markConnectorDeleting(tx, row)));
    const dataflows = await Promise.all((await tx.dataflow.findMany({ where: live })).map((row) => markDataflowDeleting(tx, row)));
    return { connectors, dataflows };
  });
  await ctx.audit({
    action: "pipeline.delete",
    targetType: "pipeline",
    targetId: pipeline.id,
    metadata: { name: pipeline.name, removed: [...touched.connectors, ...touched.dataflows].map((r) => r.name) },
  });
  for (const row of touched.connectors) await enqueueConnectorJob(ctx.provisioning, row);
  for (const row of touched.dataflows) await enqueueDataflowJob(ctx.provisioning, row);
}

/** A deployed version's document, which was valid when it was deployed. */
export function specOf(yaml: string): PipelineSpec {
  const parsed = parsePipeline(yaml);
  if (!parsed.ok) throw new Error(`a deployed pipeline version no longer parses: ${parsed.problems[0]?.message ?? ""}`);
  return parsed.spec;
}

/** What a pipeline is before its first deploy: nothing, so the first diff adds every node. */
export function emptyLike(spec: PipelineSpec): PipelineSpec {
  return { ...spec, sources: {}, operators: {}, sinks: {} };
}
