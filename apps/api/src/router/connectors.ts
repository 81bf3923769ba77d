import { z } from "zod";
import type { Connector } from "@freshet/db/client";
import { checkConnector } from "../connectors/check-connector.js";
import { enqueueConnectorJob, markConnectorDeleting, saveConnector } from "../connectors/connector-rows.js";
import { validateConnectorYaml, type ValidConnector } from "../connectors/validate-connector.js";
import type { Context } from "../context.js";
import { AppError } from "../errors.js";
import { orgAdminProcedure, orgProcedure, router } from "../trpc.js";
import { clusterInOrg } from "./cluster-view.js";
import { connectorOffsetsRouter } from "./connector-offsets.js";
import { connectorInOrg, connectorOutput, toConnectorView } from "./connector-view.js";
import { id } from "./schemas.js";

/** A connector YAML as typed or read from a file; 256 KiB is far more than any config block needs. */
const yaml = z
  .string()
  .min(1, "The connector YAML is empty.")
  .max(256 * 1024, "The connector YAML is over 256 KiB.");
const byConnector = z.object({ connectorId: id });

/** The YAML valid and the connector's check passed, else the one sentence why not. */
async function validAndChecked(ctx: Pick<Context, "connectorCatalog" | "logger">, text: string): Promise<ValidConnector & { readonly detail: string | null }> {
  const valid = await validateConnectorYaml(text, ctx.connectorCatalog);
  if (!valid.ok) throw new AppError("invalid-request", valid.message);
  const checked = await checkConnector(valid, ctx.logger);
  if (!checked.ok) throw new AppError("invalid-request", checked.message);
  return { ...valid, detail: checked.detail };
}

/** A connector that may still change: not on its way out. */
function assertNotDeleted(row: Connector): void {
  if (row.status === "Deleting" || row.status === "Deleted") throw new AppError("invalid-request", `The connector is ${row.status}.`);
}

export const connectorsRouter = router({
  /** Connectors not deleted, of one cluster or of every cluster of the org. */
  list: orgProcedure
    .input(z.object({ clusterId: id.optional() }).default({}))
    .output(z.array(connectorOutput))
    .query(async ({ ctx, input }) => {
      if (input.clusterId !== undefined) await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const rows = await ctx.prisma.connector.findMany({
        where: { orgId: ctx.org.id, status: { not: "Deleted" }, ...(input.clusterId === undefined ? {} : { clusterId: input.clusterId }) },
        orderBy: { createdAt: "asc" },
      });
      return rows.map(toConnectorView);
    }),

  get: orgProcedure
    .input(byConnector)
    .output(connectorOutput)
    .query(async ({ ctx, input }) => toConnectorView(await connectorInOrg(ctx.prisma, ctx.org.id, input.connectorId))),

  /** The connectors the cloud runs, each with the JSON schema of its `config:` block (for forms). */
  types: orgProcedure
    .output(z.array(z.object({ type: z.string(), kind: z.enum(["source", "sink"]), description: z.string(), configSchema: z.record(z.string(), z.unknown()) })))
    .query(async ({ ctx }) => {
      const types = [];
      for (const type of ctx.connectorCatalog.types()) {
        const connector = await ctx.connectorCatalog.get(type);
        if (connector === undefined) continue;
        types.push({
          type,
          kind: connector.kind,
          description: connector.description,
          configSchema: z.toJSONSchema(connector.config, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
        });
      }
      return types;
    }),

  /** Validates a YAML and runs its connector's check (connecting to its target, moving no data). */
  check: orgProcedure
    .input(z.object({ yaml }))
    .output(z.object({ ok: z.literal(true), type: z.string(), kind: z.enum(["source", "sink"]), detail: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const checked = await validAndChecked(ctx, input.yaml);
      return { ok: true as const, type: checked.connector.type, kind: checked.connector.kind, detail: checked.detail };
    }),

  /** Validates, checks, records the connector and has the worker deploy it beside the cluster. */
  create: orgProcedure
    .input(z.object({ clusterId: id, yaml }))
    .output(connectorOutput)
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      if (cluster.status !== "Running") throw new AppError("cluster-not-running", `The cluster is ${cluster.status}; connectors can be added once it is Running.`);
      const checked = await validAndChecked(ctx, input.yaml);
      const name = checked.config.name;
      const row = await ctx.prisma.$transaction((tx) => saveConnector(tx, { orgId: ctx.org.id, clusterId: cluster.id, yaml: input.yaml, valid: checked }));
      await ctx.audit({ action: "connector.create", targetType: "connector", targetId: row.id, metadata: { clusterId: cluster.id, name, type: row.type } });
      await enqueueConnectorJob(ctx.provisioning, row);
      return toConnectorView(row);
    }),

  /** The process ends once it committed what it wrote; files and offsets stay. */
  stop: orgProcedure
    .input(byConnector)
    .output(connectorOutput)
    .mutation(async ({ ctx, input }) => {
      const row = await connectorInOrg(ctx.prisma, ctx.org.id, input.connectorId);
      assertNotDeleted(row);
      const updated = row.desiredState === "stopped" ? row : await ctx.prisma.connector.update({ where: { id: row.id }, data: { desiredState: "stopped", generation: { increment: 1 } } });
      await ctx.provisioning.enqueue("stop-connector", { clusterId: updated.clusterId, connectorId: updated.id, generation: updated.generation });
      await ctx.audit({ action: "connector.stop", targetType: "connector", targetId: row.id, metadata: { name: row.name } });
      return toConnectorView(updated);
    }),

  /** Starts a stopped connector, or restarts a Failed one (its runtime moves no data until then; the worker replaces its process). */
  start: orgProcedure
    .input(byConnector)
    .output(connectorOutput)
    .mutation(async ({ ctx, input }) => {
      const row = await connectorInOrg(ctx.prisma, ctx.org.id, input.connectorId);
      assertNotDeleted(row);
      if (row.desiredState === "running" && row.status !== "Failed") return toConnectorView(row);
      const updated = await ctx.prisma.connector.update({ where: { id: row.id }, data: { desiredState: "running", generation: { increment: 1 }, status: "Pending", statusReason: null } });
      await ctx.provisioning.enqueue("deploy-connector", { clusterId: updated.clusterId, connectorId: updated.id, generation: updated.generation });
      await ctx.audit({ action: "connector.start", targetType: "connector", targetId: row.id, metadata: { name: row.name } });
      return toConnectorView(updated);
    }),

  delete: orgAdminProcedure
    .input(byConnector)
    .output(connectorOutput)
    .mutation(async ({ ctx, input }) => {
      const row = await connectorInOrg(ctx.prisma, ctx.org.id, input.connectorId);
      if (row.status === "Deleted") throw new AppError("invalid-request", "The connector is already deleted.");
      const updated = await markConnectorDeleting(ctx.prisma, row);
      await enqueueConnectorJob(ctx.provisioning, updated);
      await ctx.audit({ action: "connector.delete", targetType: "connector", targetId: row.id, metadata: { name: row.name } });
      return toConnectorView(updated);
    }),

  /** The last lines of its log (stdout and stderr, pino JSON), as the worker last copied them. */
  logs: orgProcedure
    .input(z.object({ connectorId: id, lines: z.number().int().min(1).max(50).default(50) }))
    .output(z.object({ lines: z.array(z.string()), observedAt: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const row = await connectorInOrg(ctx.prisma, ctx.org.id, input.connectorId);
      const lines = (row.logTail ?? "").split("\n").filter((line) => line.length > 0);
      return { lines: lines.slice(-input.lines), observedAt: row.observedAt?.toISOString() ?? null };
    }),

  /** Offsets as Kafka Connect's KIP-875: read any time, reset or altered only while stopped. */
  offsets: connectorOffsetsRouter,
});
