import { toCreditGrant } from "@freshet/billing-store/credits";
import { whiteGloveGrant } from "@freshet/billing/credits";
import type { Prisma, PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { recordAudit } from "../audit.js";
import type { Actor } from "../context.js";
import { AppError } from "../errors.js";
import { grantRow, onceKeys } from "./grant-rows.js";

export interface Decision {
  readonly requestId: string;
  readonly approve: boolean;
  readonly note: string | null;
}

export interface DecisionOutcome {
  readonly status: "approved" | "declined";
  readonly grantId: string | null;
  /** False when the request had been decided already this way: nothing changed. */
  readonly changed: boolean;
}

type Tx = Prisma.TransactionClient;

/**
 * A staff member's answer to an onboarding request. Approval grants the white-glove credit in the
 * same transaction that marks the request and writes the audit entry; the request row is locked,
 * so two approvals at once see each other, and the grant's onceKey makes "one per organization,
 * ever" a database fact besides. Deciding again the same way is answered as before, unchanged.
 */
export async function decideOnboarding(prisma: PrismaClient, caller: { actor: Actor; ip: string }, decision: Decision, now: Date): Promise<DecisionOutcome> {
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "onboarding_request" WHERE "id" = ${decision.requestId} FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not-found", "No such onboarding request.");
    const request = await tx.onboardingRequest.findUniqueOrThrow({ where: { id: decision.requestId } });
    const wanted = decision.approve ? "approved" : "declined";
    if (request.status === wanted) return { status: wanted, grantId: request.grantId, changed: false };
    if (request.status !== "pending") throw new AppError("invalid-request", `This request was already ${request.status}.`);
    const grantId = decision.approve ? await grantWhiteGlove(tx, request.orgId, caller.actor.user.id, now) : null;
    await tx.onboardingRequest.update({
      where: { id: request.id },
      data: { status: wanted, decidedById: caller.actor.user.id, decidedAt: now, decisionNote: decision.note, grantId },
    });
    const grant = grantId === null ? null : await tx.creditGrant.findUniqueOrThrow({ where: { id: grantId } });
    await recordAudit(
      { prisma: tx, actor: caller.actor, ip: caller.ip },
      {
        orgId: request.orgId,
        action: `onboarding.${decision.approve ? "approve" : "decline"}`,
        targetType: "onboardingRequest",
        targetId: request.id,
        metadata: {
          request: { workload: request.workload, volumes: request.volumes, contactTime: request.contactTime, requestedById: request.requestedById },
          decision: wanted,
          note: decision.note,
          grant: grant === null ? null : { id: grant.id, amountMinor: grant.amountMinor, expiresAt: grant.expiresAt?.toISOString() ?? null },
        },
      },
    );
    return { status: wanted, grantId, changed: true };
  });
}

async function grantWhiteGlove(tx: Tx, orgId: string, staffUserId: string, now: Date): Promise<string> {
  const existing = [];
  for (const row of await tx.creditGrant.findMany({ where: { orgId, kind: "onboarding" } })) {
    const grant = toCreditGrant(row);
    if (!grant.ok) throw new Error(grant.error);
    existing.push(grant.value);
  }
  const issued = whiteGloveGrant(existing, { id: newId("creditGrant", now.getTime()), organizationId: orgId, at: now.getTime() });
  if (!issued.ok) throw new AppError("already-exists", "This organization already received its onboarding credit; decline the request instead.", { cause: issued.error });
  await tx.creditGrant.create({ data: grantRow(issued.value, onceKeys.onboarding(orgId), staffUserId) });
  return issued.value.id;
}
