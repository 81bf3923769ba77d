import { z } from "zod";
import type { Dataflow, PrismaClient } from "@freshet/db/client";
import { DataflowProcessError, fetchViewRows, viewRowSchema } from "@freshet/control-plane/dataflows/dataflow-process";
import { parseDataflowSpec } from "@freshet/dataflow/spec";
import { viewSinks, type ViewSink } from "../dataflows/validate-dataflow.js";
import { AppError, notFound } from "../errors.js";
import { orgProcedure, router } from "../trpc.js";
import { clusterInOrg } from "./cluster-view.js";
import { id } from "./schemas.js";

const viewName = z.string().min(1).max(63);

export const viewOutput = z.object({
  name: z.string(),
  dataflowId: id,
  dataflow: z.string(),
  /** The operator or source whose rows it holds. */
  from: z.string(),
  /** "stock": rows of an entity-as-a-stock operator ({ key, windowStart, windowEnd, <measure>: { value, delta, movingAverage }, correlation }). */
  shape: z.enum(["stock", "rows"]),
  /** Whether its dataflow runs, so it can be queried. */
  queryable: z.boolean(),
});

/** The views of a cluster's deployed dataflows, read from their documents. */
async function viewsOf(prisma: PrismaClient, orgId: string, clusterId: string): Promise<Array<ViewSink & { readonly row: Dataflow }>> {
  const rows = await prisma.dataflow.findMany({ where: { orgId, clusterId, status: { notIn: ["Deleting", "Deleted"] } }, orderBy: { createdAt: "asc" } });
  return rows.flatMap((row) => {
    const parsed = parseDataflowSpec(row.document);
    return parsed.ok ? viewSinks(parsed.spec).map((sink) => ({ ...sink, row })) : [];
  });
}

/**
 * The view `name` of the cluster, with where its process answers. Two dataflows may each have a
 * view of that name: then the caller names the dataflow.
 */
export async function viewEndpoint(
  prisma: PrismaClient,
  orgId: string,
  input: { clusterId: string; view: string; dataflow?: string | undefined },
): Promise<{ endpoint: string; view: ViewSink; dataflow: Dataflow }> {
  await clusterInOrg(prisma, orgId, input.clusterId);
  const matches = (await viewsOf(prisma, orgId, input.clusterId)).filter((v) => v.name === input.view && (input.dataflow === undefined || v.row.name === input.dataflow));
  const match = matches[0];
  if (match === undefined) throw notFound("view");
  if (matches.length > 1) throw new AppError("invalid-request", `The dataflows ${matches.map((m) => m.row.name).join(" and ")} each have a view named ${input.view}; name the dataflow.`);
  if (match.row.endpoint === null) throw new AppError("cluster-unreachable", `The dataflow ${match.row.name} is ${match.row.status}; its views answer once it runs.`);
  return { endpoint: match.row.endpoint, view: match, dataflow: match.row };
}

export const viewsRouter = router({
  /** The materialized views of a cluster: every `view:` sink of its deployed dataflows. */
  list: orgProcedure
    .input(z.object({ clusterId: id }))
    .output(z.array(viewOutput))
    .query(async ({ ctx, input }) => {
      await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      return (await viewsOf(ctx.prisma, ctx.org.id, input.clusterId)).map(({ name, from, shape, row }) => ({
        name,
        from,
        shape,
        dataflowId: row.id,
        dataflow: row.name,
        queryable: row.endpoint !== null,
      }));
    }),

  /** A view's rows, from its dataflow's process: by key, by key range [from, to], the last N windows per key. */
  query: orgProcedure
    .input(
      z.object({
        clusterId: id,
        view: viewName,
        dataflow: z.string().min(1).max(63).optional(),
        key: z.string().max(1024).optional(),
        from: z.string().max(1024).optional(),
        to: z.string().max(1024).optional(),
        last: z.number().int().min(1).max(100_000).optional(),
      }),
    )
    .output(z.object({ view: z.string(), dataflow: z.string(), shape: z.enum(["stock", "rows"]), rows: z.array(viewRowSchema) }))
    .query(async ({ ctx, input }) => {
      const { endpoint, view, dataflow } = await viewEndpoint(ctx.prisma, ctx.org.id, input);
      try {
        const rows = await fetchViewRows(endpoint, view.name, { key: input.key, from: input.from, to: input.to, last: input.last });
        return { view: view.name, dataflow: dataflow.name, shape: view.shape, rows };
      } catch (error) {
        if (!(error instanceof DataflowProcessError)) throw error;
        if (error.notFound) throw new AppError("not-found", `The dataflow ${dataflow.name} has no view ${view.name} yet; it appears once its process has started.`, { cause: error });
        throw new AppError("cluster-unreachable", `The dataflow ${dataflow.name} did not answer; try again in a moment.`, { cause: error });
      }
    }),
});
