import type { Prisma, PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import type { Context } from "./context.js";

export interface AuditEntry {
  readonly orgId: string;
  /** A dotted verb such as "cluster.create". */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly metadata?: Prisma.InputJsonObject;
}

/**
 * Writes who did what: the person, or the API key (which always acts for its creator). `prisma`
 * may be a transaction, so the entry commits with the change it records.
 */
export async function recordAudit(ctx: Pick<Context, "actor" | "ip"> & { prisma: Pick<PrismaClient, "auditLog"> }, entry: AuditEntry): Promise<void> {
  const actor = ctx.actor;
  await ctx.prisma.auditLog.create({
    data: {
      id: newId("auditLog"),
      orgId: entry.orgId,
      actorUserId: actor?.user.id ?? null,
      actorApiKeyId: actor?.kind === "apiKey" ? actor.apiKeyId : null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      metadata: entry.metadata ?? {},
      ip: ctx.ip,
    },
  });
}
