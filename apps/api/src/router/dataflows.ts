import { z } from "zod";
import { DataflowProcessError, dataflowStatusSchema, fetchDataflowStatus } from "@freshet/control-plane/dataflows/dataflow-process";
import { enqueueDataflowJob, markDataflowDeleting, saveDataflow } from "../dataflows/dataflow-rows.js";
import { errorsSentence, validateDataflowYaml } from "../dataflows/validate-dataflow.js";
import { AppError } from "../errors.js";
import { orgAdminProcedure, orgProcedure, router } from "../trpc.js";
import { clusterInOrg } from "./cluster-view.js";
import { dataflowByName, dataflowInOrg, dataflowOutput, specErrorOutput, toDataflowView } from "./dataflow-view.js";
import { id } from "./schemas.js";

/** A dataflow document as typed or read from a file; 256 KiB is far more than any dataflow needs. */
const yaml = z
  .string()
  .min(1, "The dataflow document is empty.")
  .max(256 * 1024, "The dataflow document is over 256 KiB.");
/** A dataflow by id, or by cluster and name (the CLI's `freshet dataflow status NAME`). */
const byDataflow = z.union([z.object({ dataflowId: id }), z.object({ clusterId: id, name: z.string().min(1).max(63) })]);

async function dataflowOf(ctx: { prisma: Parameters<typeof dataflowInOrg>[0]; org: { id: string } }, input: z.infer<typeof byDataflow>) {
  return "dataflowId" in input ? dataflowInOrg(ctx.prisma, ctx.org.id, input.dataflowId) : dataflowByName(ctx.prisma, ctx.org.id, input.clusterId, input.name);
}

export const dataflowsRouter = router({
  /** The document's problems, each at its line (the console underlines them), or its name when valid. */
  validate: orgProcedure
    .input(z.object({ yaml }))
    .output(z.object({ ok: z.boolean(), name: z.string().nullable(), errors: z.array(specErrorOutput) }))
    .query(({ input }) => {
      const valid = validateDataflowYaml(input.yaml);
      return valid.ok ? { ok: true, name: valid.spec.name, errors: [] } : { ok: false, name: null, errors: valid.errors.map((e) => ({ ...e, path: [...e.path] })) };
    }),

  /** Creates the dataflow named in the document, or replaces the document of the one with that name; the worker (re)starts it. */
  deploy: orgProcedure
    .input(z.object({ clusterId: id, yaml }))
    .output(dataflowOutput.extend({ created: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      if (cluster.status !== "Running") throw new AppError("cluster-not-running", `The cluster is ${cluster.status}; dataflows can be deployed once it is Running.`);
      const valid = validateDataflowYaml(input.yaml);
      if (!valid.ok) throw new AppError("invalid-request", errorsSentence(valid.errors));
      const name = valid.spec.name;
      const { row, created } = await ctx.prisma.$transaction((tx) => saveDataflow(tx, { orgId: ctx.org.id, clusterId: cluster.id, name, document: input.yaml }));
      await ctx.audit({ action: "dataflow.deploy", targetType: "dataflow", targetId: row.id, metadata: { clusterId: cluster.id, name, created } });
      await enqueueDataflowJob(ctx.provisioning, row);
      return { ...toDataflowView(row), created };
    }),

  /** Dataflows not deleted, of one cluster or of every cluster of the org. */
  list: orgProcedure
    .input(z.object({ clusterId: id.optional() }).default({}))
    .output(z.array(dataflowOutput))
    .query(async ({ ctx, input }) => {
      if (input.clusterId !== undefined) await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const rows = await ctx.prisma.dataflow.findMany({
        where: { orgId: ctx.org.id, status: { not: "Deleted" }, ...(input.clusterId === undefined ? {} : { clusterId: input.clusterId }) },
        orderBy: { createdAt: "asc" },
      });
      return rows.map(toDataflowView);
    }),

  get: orgProcedure
    .input(byDataflow)
    .output(dataflowOutput)
    .query(async ({ ctx, input }) => toDataflowView(await dataflowOf(ctx, input))),

  /**
   * Per operator records in and out, watermark, state size; per source partition the lag: asked of
   * the process itself, or (when it does not answer) what the worker last copied, with `live: false`.
   */
  status: orgProcedure
    .input(byDataflow)
    .output(dataflowOutput.extend({ live: z.boolean() }))
    .query(async ({ ctx, input }) => {
      const row = await dataflowOf(ctx, input);
      const view = toDataflowView(row);
      if (row.endpoint === null || row.status === "Deleting" || row.status === "Deleted") return { ...view, live: false };
      try {
        return { ...view, runtime: dataflowStatusSchema.parse(await fetchDataflowStatus(row.endpoint)), live: true };
      } catch (error) {
        if (!(error instanceof DataflowProcessError)) throw error;
        return { ...view, live: false };
      }
    }),

  /** Stops it and removes its state and views; its output topics stay. */
  delete: orgAdminProcedure
    .input(byDataflow)
    .output(dataflowOutput)
    .mutation(async ({ ctx, input }) => {
      const row = await dataflowOf(ctx, input);
      if (row.status === "Deleted") throw new AppError("invalid-request", "The dataflow is already deleted.");
      const updated = await markDataflowDeleting(ctx.prisma, row);
      await enqueueDataflowJob(ctx.provisioning, updated);
      await ctx.audit({ action: "dataflow.delete", targetType: "dataflow", targetId: row.id, metadata: { name: row.name } });
      return toDataflowView(updated);
    }),
});
