import { z } from "zod";
import type { Pipeline, PrismaClient } from "@freshet/db/client";
import { notFound } from "../errors.js";
import { PIPELINE_STATUSES, pipelineStatus } from "../pipelines/pipeline-status.js";
import { id, iso, isoDate } from "./schemas.js";

const position = z.object({ x: z.number(), y: z.number() });
/** The model hands out readonly arrays: outputs accept them as they are. */
const path = z.array(z.union([z.string(), z.number()])).readonly();

export const graphOutput = z.object({
  nodes: z
    .array(
      z.object({
        id: z.string(),
        section: z.enum(["sources", "operators", "sinks"]),
        family: z.enum(["topic", "connector", "smartmodule", "operator", "view"]),
        kind: z.string(),
        summary: z.string(),
        position: position.optional(),
      }),
    )
    .readonly(),
  edges: z.array(z.object({ id: z.string(), source: z.string(), target: z.string(), port: z.enum(["in", "right", "table"]) })).readonly(),
});

export const problemOutput = z.object({ nodeId: z.string().optional(), path, line: z.number().int(), column: z.number().int(), message: z.string() });

const fieldChange = z.object({ path, before: z.unknown(), after: z.unknown() });
export const diffOutput = z.object({
  nodesAdded: graphOutput.shape.nodes,
  nodesRemoved: graphOutput.shape.nodes,
  nodesChanged: z.array(z.object({ id: z.string(), changes: z.array(fieldChange).readonly() })).readonly(),
  edgesAdded: graphOutput.shape.edges,
  edgesRemoved: graphOutput.shape.edges,
  settingsChanged: z.array(fieldChange).readonly(),
});

export const planOutput = z.object({ deploy: z.array(z.string()), remove: z.array(z.string()), unchanged: z.array(z.string()) });

export const pipelineSummaryOutput = z.object({
  id,
  name: z.string(),
  clusterId: id,
  status: z.enum(PIPELINE_STATUSES),
  currentVersion: z.number().int().nullable(),
  updatedAt: isoDate,
});

export const pipelineOutput = z.object({
  id,
  name: z.string(),
  clusterId: id,
  status: z.enum(PIPELINE_STATUSES),
  /** Why it is Failed: the deploy's reason or the failed component's (`name: reason`). */
  statusReason: z.string().nullable(),
  /** The document being edited, when it differs from what runs. */
  draft: z.object({ yaml: z.string(), savedAt: isoDate }).nullable(),
  current: z.object({ version: z.number().int(), yaml: z.string(), deployedAt: isoDate, deployedBy: z.string().nullable() }).nullable(),
});

/** A pipeline of the caller's org; any other org's is answered as missing. */
export async function pipelineInOrg(prisma: PrismaClient, orgId: string, pipelineId: string): Promise<Pipeline> {
  const pipeline = await prisma.pipeline.findFirst({ where: { id: pipelineId, orgId } });
  if (pipeline === null) throw notFound("pipeline");
  return pipeline;
}

/** The pipeline's status from its components' rows. */
export async function statusOf(prisma: PrismaClient, pipeline: Pipeline): Promise<ReturnType<typeof pipelineStatus>> {
  const select = { name: true, status: true, statusReason: true } as const;
  const [connectors, dataflows] = await Promise.all([
    prisma.connector.findMany({ where: { pipelineId: pipeline.id }, select }),
    prisma.dataflow.findMany({ where: { pipelineId: pipeline.id }, select }),
  ]);
  return pipelineStatus(pipeline, [...connectors, ...dataflows]);
}

export async function toPipelineSummary(prisma: PrismaClient, pipeline: Pipeline): Promise<z.infer<typeof pipelineSummaryOutput>> {
  const { status } = await statusOf(prisma, pipeline);
  return { id: pipeline.id, name: pipeline.name, clusterId: pipeline.clusterId, status, currentVersion: pipeline.currentVersion, updatedAt: iso(pipeline.updatedAt) };
}
