import { parsePipeline } from "@freshet/pipeline/spec";
import { PreviewError, startPreview } from "@freshet/pipeline/preview";
import { z } from "zod";
import { AppError } from "../errors.js";
import { tenantError } from "../tenant/tenant-errors.js";
import { orgProcedure, router } from "../trpc.js";
import { clusterInOrg, runningEndpoint } from "./cluster-view.js";
import { id } from "./schemas.js";

const sample = z.object({ key: z.string().nullable(), value: z.string(), time: z.number() });

/** What the console polls: the preview's state and, per node id, counts and the last ≤20 samples each way. */
const snapshotOutput = z.object({
  state: z.enum(["running", "paused", "stopped", "done", "failed"]),
  reason: z.string().nullable(),
  elapsedMs: z.number().int(),
  records: z.number().int(),
  nodes: z
    .record(z.string(), z.object({ inCount: z.number().int(), outCount: z.number().int(), in: z.array(sample).readonly(), out: z.array(sample).readonly(), errors: z.array(z.string()).readonly() }))
    .readonly(),
});

const previewInput = z.object({ previewId: z.string().regex(/^prv_[0-9a-f]{24}$/) });

export const pipelinePreviewsRouter = router({
  /** Runs the document on the cluster's live data, bounded, writing nothing (sinks off, source connectors captured). */
  start: orgProcedure
    .input(
      z.object({
        clusterId: id,
        yaml: z.string().max(256 * 1024),
        maxRecords: z.number().int().min(1).max(10_000).default(1_000),
        maxSeconds: z.number().int().min(1).max(600).default(120),
      }),
    )
    .output(z.object({ previewId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const parsed = parsePipeline(input.yaml);
      if (!parsed.ok) {
        const first = parsed.problems[0];
        throw new AppError("invalid-request", first === undefined ? "The pipeline is not valid." : `The pipeline cannot run: line ${first.line.toString()}: ${first.message}.`);
      }
      const endpoint = runningEndpoint(await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId));
      const previewId = await ctx.previews.start(ctx.org.id, async () => {
        try {
          return await startPreview({ spec: parsed.spec, cluster: { client: ctx.tenants.open(endpoint) }, maxRecords: input.maxRecords, maxSeconds: input.maxSeconds, logger: ctx.logger });
        } catch (error) {
          if (error instanceof PreviewError) throw new AppError("invalid-request", `The pipeline cannot run: ${error.message}.`, { cause: error });
          throw tenantError(error);
        }
      });
      await ctx.audit({ action: "pipeline-preview.start", targetType: "pipeline-preview", targetId: previewId, metadata: { clusterId: input.clusterId, pipeline: parsed.spec.name } });
      return { previewId };
    }),

  poll: orgProcedure
    .input(previewInput)
    .output(snapshotOutput)
    .query(({ ctx, input }) => ctx.previews.poll(ctx.org.id, input.previewId)),

  pause: orgProcedure
    .input(previewInput)
    .output(snapshotOutput)
    .mutation(async ({ ctx, input }) => {
      const snapshot = await ctx.previews.pause(ctx.org.id, input.previewId);
      await ctx.audit({ action: "pipeline-preview.pause", targetType: "pipeline-preview", targetId: input.previewId });
      return snapshot;
    }),

  resume: orgProcedure
    .input(previewInput)
    .output(snapshotOutput)
    .mutation(async ({ ctx, input }) => {
      const snapshot = await ctx.previews.resume(ctx.org.id, input.previewId);
      await ctx.audit({ action: "pipeline-preview.resume", targetType: "pipeline-preview", targetId: input.previewId });
      return snapshot;
    }),

  stop: orgProcedure
    .input(previewInput)
    .output(snapshotOutput)
    .mutation(async ({ ctx, input }) => {
      const snapshot = await ctx.previews.stop(ctx.org.id, input.previewId);
      await ctx.audit({ action: "pipeline-preview.stop", targetType: "pipeline-preview", targetId: input.previewId });
      return snapshot;
    }),
});
