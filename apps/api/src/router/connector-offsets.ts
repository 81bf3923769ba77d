import { z } from "zod";
import { alterConnectorOffsets, readConnectorOffsets, resetConnectorOffsets, type ConnectorOffsets, type ConnectorTarget } from "@freshet/connectors/offsets";
import type { Connector } from "@freshet/db/client";
import type { Context } from "../context.js";
import { AppError } from "../errors.js";
import { withTenant } from "../tenant/with-tenant.js";
import { orgAdminProcedure, orgProcedure, router } from "../trpc.js";
import { clusterInOrg, runningEndpoint } from "./cluster-view.js";
import { connectorInOrg } from "./connector-view.js";
import { id } from "./schemas.js";

const sinkPartition = z.object({ topic: z.string().min(1).max(249), partition: z.number().int().min(0), offset: z.number().int().min(0) });

/** As Kafka Connect's KIP-875: a source's stored position (any JSON, null when none), a sink's committed offsets. */
const offsets = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("source"), position: z.json().nullable() }),
  z.object({ kind: z.literal("sink"), partitions: z.array(sinkPartition).max(10_000) }),
]);

const byConnector = z.object({ connectorId: id });
const offsetsOutput = z.object({ connectorId: id, offsets });

type Scoped = Pick<Context, "prisma" | "tenants"> & { readonly org: { readonly id: string } };

type TenantClient = Parameters<typeof readConnectorOffsets>[0];

/** The connector of the caller's org, and a way to act on its cluster as its target (tenant failures become sentences). */
async function located(ctx: Scoped, connectorId: string): Promise<{ row: Connector; run: <T>(op: (client: TenantClient, target: ConnectorTarget) => Promise<T>) => Promise<T> }> {
  const row = await connectorInOrg(ctx.prisma, ctx.org.id, connectorId);
  const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, row.clusterId);
  const target: ConnectorTarget = { name: row.name, kind: row.kind };
  return { row, run: (op) => withTenant(ctx.tenants, runningEndpoint(cluster), (client) => op(client, target)) };
}

/** Changes only while stopped: a running sink's group has a member, a running source would overwrite the position. */
function assertStopped(row: Connector): void {
  if (row.status !== "Stopped" || row.desiredState !== "stopped") {
    throw new AppError("connector-not-stopped", `The connector is ${row.status}; stop it first (\`freshet connector stop ${row.name}\`), then change its offsets.`);
  }
}

function toOutput(connectorId: string, read: ConnectorOffsets): z.infer<typeof offsetsOutput> {
  return read.kind === "source"
    ? { connectorId, offsets: { kind: "source", position: read.position as z.infer<ReturnType<typeof z.json>> | null } }
    : { connectorId, offsets: { kind: "sink", partitions: [...read.partitions] } };
}

export const connectorOffsetsRouter = router({
  get: orgProcedure
    .input(byConnector)
    .output(offsetsOutput)
    .query(async ({ ctx, input }) => {
      const { row, run } = await located(ctx, input.connectorId);
      return toOutput(row.id, await run((client, target) => readConnectorOffsets(client, target)));
    }),

  /** Forgets them: a source starts afresh, a sink from its delivery.start. */
  reset: orgAdminProcedure
    .input(byConnector)
    .output(offsetsOutput)
    .mutation(async ({ ctx, input }) => {
      const { row, run } = await located(ctx, input.connectorId);
      assertStopped(row);
      const after = await run(async (client, target) => {
        await resetConnectorOffsets(client, target);
        return readConnectorOffsets(client, target);
      });
      await ctx.audit({ action: "connector.offsets-reset", targetType: "connector", targetId: row.id, metadata: { name: row.name } });
      return toOutput(row.id, after);
    }),

  /** Sets a source's position, or a sink's offsets for the partitions given (others keep theirs). */
  alter: orgAdminProcedure
    .input(byConnector.extend({ offsets }))
    .output(offsetsOutput)
    .mutation(async ({ ctx, input }) => {
      const { row, run } = await located(ctx, input.connectorId);
      assertStopped(row);
      if (input.offsets.kind !== row.kind) throw new AppError("invalid-request", `"${row.name}" is a ${row.kind}; give ${row.kind} offsets.`);
      const after = await run(async (client, target) => {
        await alterConnectorOffsets(client, target, input.offsets as ConnectorOffsets);
        return readConnectorOffsets(client, target);
      });
      await ctx.audit({ action: "connector.offsets-alter", targetType: "connector", targetId: row.id, metadata: { name: row.name, offsets: input.offsets } });
      return toOutput(row.id, after);
    }),
});
