import { z } from "zod";
import { parseDocument } from "yaml";
import { Prisma } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { compilePipeline, diffPipelines, planDeploy, pipelineGraph } from "@freshet/pipeline/graph";
import { parsePipeline, pipelineSpecSchema } from "@freshet/pipeline/spec";
import { AppError } from "../errors.js";
import { compiledSchema, compiledSummary } from "../pipelines/compiled-pipeline.js";
import { deletePipeline, deployPipeline, emptyLike, specOf } from "../pipelines/deploy-pipeline.js";
import { observationSchema, runView } from "../pipelines/run-view.js";
import { problemsSentence, validatePipelineYaml } from "../pipelines/validate-pipeline.js";
import { orgAdminProcedure, orgProcedure, router } from "../trpc.js";
import { clusterInOrg } from "./cluster-view.js";
import { diffOutput, graphOutput, pipelineInOrg, pipelineOutput, pipelineSummaryOutput, planOutput, problemOutput, statusOf, toPipelineSummary } from "./pipeline-view.js";
import { id, iso, isoDate } from "./schemas.js";

/** A pipeline document as typed or read from a file; 256 KiB is far more than any pipeline needs. */
const yaml = z
  .string()
  .min(1, "The pipeline document is empty.")
  .max(256 * 1024, "The pipeline document is over 256 KiB.");
const byPipeline = z.object({ pipelineId: id });
const version = z.number().int().min(1);

const deployedOutput = z.object({ version: z.number().int(), diff: diffOutput, plan: planOutput });
const nodeRunOutput = z.object({
  recordsInPerSec: z.number(),
  recordsOutPerSec: z.number(),
  recordsIn: z.number(),
  recordsOut: z.number(),
  errors: z.number(),
  deadLetters: z.number(),
  backpressure: z.enum(["ok", "low", "high"]),
  recentErrors: z.array(z.string()),
});

/** A draft may be invalid, but it must say which pipeline it is: its `name:`, checked as the schema does. */
function draftName(text: string): string {
  const name: unknown = parseDocument(text).get("name");
  const checked = pipelineSpecSchema.shape.name.safeParse(name);
  if (!checked.success) throw new AppError("invalid-request", `name: ${checked.error.issues[0]?.message ?? "required"}.`);
  return checked.data;
}

async function versionOf(prisma: Prisma.TransactionClient, pipelineId: string, number: number) {
  const row = await prisma.pipelineVersion.findUnique({ where: { pipelineId_version: { pipelineId, version: number } } });
  if (row === null) throw new AppError("not-found", `The pipeline has no version ${number.toString()}.`);
  return row;
}

function assertNotDeleted(pipeline: { status: string }): void {
  if (pipeline.status === "Deleted") throw new AppError("invalid-request", "The pipeline is deleted.");
}

export const pipelinesRouter = router({
  /** The graph and what the document deploys, or its problems, each on its node and line. */
  validate: orgProcedure
    .input(z.object({ yaml }))
    .output(
      z.discriminatedUnion("ok", [
        z.object({ ok: z.literal(true), graph: graphOutput, compiled: z.object({ topics: z.array(z.string()), dataflow: z.string().nullable(), connectors: z.array(z.string()) }) }),
        z.object({ ok: z.literal(false), problems: z.array(problemOutput), graph: graphOutput.nullable() }),
      ]),
    )
    .query(async ({ ctx, input }) => {
      const valid = await validatePipelineYaml(input.yaml, ctx.connectorCatalog);
      return valid.ok ? { ok: true as const, graph: valid.graph, compiled: compiledSummary(valid.compiled) } : { ok: false as const, problems: [...valid.problems], graph: valid.graph };
    }),

  /** Pipelines not deleted, of one cluster or of every cluster of the org. */
  list: orgProcedure
    .input(z.object({ clusterId: id.optional() }).default({}))
    .output(z.array(pipelineSummaryOutput))
    .query(async ({ ctx, input }) => {
      if (input.clusterId !== undefined) await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const rows = await ctx.prisma.pipeline.findMany({
        where: { orgId: ctx.org.id, status: { not: "Deleted" }, ...(input.clusterId === undefined ? {} : { clusterId: input.clusterId }) },
        orderBy: { createdAt: "asc" },
      });
      return Promise.all(rows.map((row) => toPipelineSummary(ctx.prisma, row)));
    }),

  /** A draft only: nothing is deployed until `deploy`. */
  create: orgProcedure
    .input(z.object({ clusterId: id, yaml }))
    .output(z.object({ pipelineId: id }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const name = draftName(input.yaml);
      const row = await ctx.prisma.$transaction(async (tx) => {
        // A deleted pipeline's name is free again; its row and versions go (its history stays in the audit log).
        await tx.pipeline.deleteMany({ where: { clusterId: cluster.id, name, status: "Deleted" } });
        try {
          return await tx.pipeline.create({ data: { id: newId("pipeline"), orgId: ctx.org.id, clusterId: cluster.id, name, draft: input.yaml, draftSavedAt: new Date() } });
        } catch (error) {
          if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
            throw new AppError("already-exists", `The cluster already has a pipeline named "${name}".`, { cause: error });
          }
          throw error;
        }
      });
      await ctx.audit({ action: "pipeline.create", targetType: "pipeline", targetId: row.id, metadata: { clusterId: cluster.id, name } });
      return { pipelineId: row.id };
    }),

  get: orgProcedure
    .input(byPipeline)
    .output(pipelineOutput)
    .query(async ({ ctx, input }) => {
      const pipeline = await pipelineInOrg(ctx.prisma, ctx.org.id, input.pipelineId);
      const current =
        pipeline.currentVersion === null
          ? null
          : await ctx.prisma.pipelineVersion.findUnique({
              where: { pipelineId_version: { pipelineId: pipeline.id, version: pipeline.currentVersion } },
              include: { deployedBy: { select: { name: true } } },
            });
      return {
        id: pipeline.id,
        name: pipeline.name,
        clusterId: pipeline.clusterId,
        ...(await statusOf(ctx.prisma, pipeline)),
        draft: pipeline.draft === null || pipeline.draftSavedAt === null ? null : { yaml: pipeline.draft, savedAt: iso(pipeline.draftSavedAt) },
        current: current === null ? null : { version: current.version, yaml: current.yaml, deployedAt: iso(current.deployedAt), deployedBy: current.deployedBy?.name ?? null },
      };
    }),

  /** Keeps the document being edited (it may be invalid); the console saves as people type. */
  saveDraft: orgProcedure
    .input(z.object({ pipelineId: id, yaml }))
    .output(z.object({ savedAt: isoDate }))
    .mutation(async ({ ctx, input }) => {
      const pipeline = await pipelineInOrg(ctx.prisma, ctx.org.id, input.pipelineId);
      assertNotDeleted(pipeline);
      const saved = await ctx.prisma.pipeline.update({ where: { id: pipeline.id }, data: { draft: input.yaml, draftSavedAt: new Date() } });
      await ctx.audit({ action: "pipeline.save-draft", targetType: "pipeline", targetId: pipeline.id, metadata: { bytes: input.yaml.length } });
      return { savedAt: iso(saved.draftSavedAt ?? saved.updatedAt) };
    }),

  /** What deploying `yaml` would change against a version (default the running one): the semantic diff and the components it touches. */
  diff: orgProcedure
    .input(z.object({ pipelineId: id, yaml, against: version.optional() }))
    .output(z.object({ diff: diffOutput, before: z.string(), after: z.string(), plan: planOutput }))
    .query(async ({ ctx, input }) => {
      const pipeline = await pipelineInOrg(ctx.prisma, ctx.org.id, input.pipelineId);
      const parsed = parsePipeline(input.yaml);
      if (!parsed.ok) throw new AppError("invalid-request", problemsSentence(parsed.problems));
      const number = input.against ?? pipeline.currentVersion;
      const base = number === null ? null : await versionOf(ctx.prisma, pipeline.id, number);
      const before = base === null ? emptyLike(parsed.spec) : specOf(base.yaml);
      const plan = planDeploy(base === null ? undefined : compiledSchema.parse(base.compiled), compilePipeline(parsed.spec));
      return { diff: diffPipelines(before, parsed.spec), before: base?.yaml ?? "", after: input.yaml, plan };
    }),

  /** A new immutable version, deployed: only the components whose compiled document changed are touched. */
  deploy: orgProcedure
    .input(z.object({ pipelineId: id, yaml }))
    .output(deployedOutput)
    .mutation(async ({ ctx, input }) => {
      const pipeline = await pipelineInOrg(ctx.prisma, ctx.org.id, input.pipelineId);
      assertNotDeleted(pipeline);
      return deployPipeline(ctx, pipeline, input.yaml, null);
    }),

  versions: orgProcedure
    .input(byPipeline)
    .output(z.array(z.object({ version: z.number().int(), deployedAt: isoDate, deployedBy: z.string().nullable(), restoredFrom: z.number().int().nullable() })))
    .query(async ({ ctx, input }) => {
      const pipeline = await pipelineInOrg(ctx.prisma, ctx.org.id, input.pipelineId);
      const rows = await ctx.prisma.pipelineVersion.findMany({ where: { pipelineId: pipeline.id }, orderBy: { version: "desc" }, include: { deployedBy: { select: { name: true } } } });
      return rows.map((row) => ({ version: row.version, deployedAt: iso(row.deployedAt), deployedBy: row.deployedBy?.name ?? null, restoredFrom: row.restoredFrom }));
    }),

  version: orgProcedure
    .input(z.object({ pipelineId: id, version }))
    .output(z.object({ yaml: z.string() }))
    .query(async ({ ctx, input }) => {
      const pipeline = await pipelineInOrg(ctx.prisma, ctx.org.id, input.pipelineId);
      return { yaml: (await versionOf(ctx.prisma, pipeline.id, input.version)).yaml };
    }),

  /** Deploys an old version's document as a new version (history is never rewritten). */
  restore: orgProcedure
    .input(z.object({ pipelineId: id, version }))
    .output(z.object({ version: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const pipeline = await pipelineInOrg(ctx.prisma, ctx.org.id, input.pipelineId);
      assertNotDeleted(pipeline);
      const old = await versionOf(ctx.prisma, pipeline.id, input.version);
      return { version: (await deployPipeline(ctx, pipeline, old.yaml, old.version)).version };
    }),

  /** Removes its connectors and dataflow (the topics stay); its versions stay until the name is used again. */
  delete: orgAdminProcedure
    .input(byPipeline)
    .output(z.object({ pipelineId: id }))
    .mutation(async ({ ctx, input }) => {
      const pipeline = await pipelineInOrg(ctx.prisma, ctx.org.id, input.pipelineId);
      assertNotDeleted(pipeline);
      await deletePipeline(ctx, pipeline);
      return { pipelineId: pipeline.id };
    }),

  /** Live per-node rates, errors and backpressure, and per-edge lag, from what the worker last copied (see run-view.ts). */
  runView: orgProcedure
    .input(byPipeline)
    .output(z.object({ observedAt: isoDate.nullable(), nodes: z.record(z.string(), nodeRunOutput), edges: z.record(z.string(), z.object({ lag: z.number().nullable() })) }))
    .query(async ({ ctx, input }) => {
      const pipeline = await pipelineInOrg(ctx.prisma, ctx.org.id, input.pipelineId);
      if (pipeline.currentVersion === null || pipeline.status === "Deleted") return { observedAt: null, nodes: {}, edges: {} };
      const current = await versionOf(ctx.prisma, pipeline.id, pipeline.currentVersion);
      const spec = specOf(current.yaml);
      const live = { pipelineId: pipeline.id, status: { not: "Deleted" as const } };
      const [connectors, dataflow] = await Promise.all([ctx.prisma.connector.findMany({ where: live }), ctx.prisma.dataflow.findFirst({ where: { ...live, name: spec.name } })]);
      const stored = observationSchema.safeParse(pipeline.runObservation);
      const { view, observation } = runView({
        spec,
        graph: pipelineGraph(spec),
        connectors: new Map(connectors.map((row) => [row.name, row])),
        dataflow,
        stored: stored.success ? stored.data : null,
      });
      if (observation !== null && observation.latest.at !== (stored.success ? stored.data.latest.at : null)) {
        await ctx.prisma.pipeline.update({ where: { id: pipeline.id }, data: { runObservation: observation } });
      }
      return view;
    }),
});
