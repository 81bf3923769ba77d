import { z } from "zod";
import { DIMENSIONS } from "@freshet/billing/usage";
import { PRICED_PLANS } from "@freshet/billing-store/price-book";
import { decideOnboarding } from "../billing/onboarding.js";
import { createPriceVersion } from "../billing/price-change.js";
import { createPromotionCode, redemptionCounts } from "../billing/promotion.js";
import { requirePerson, router, staffProcedure } from "../trpc.js";
import { priceInput, priceVersionView, toPriceVersionView } from "./price-schemas.js";
import { id, iso, isoDate, isoOrNull, promotionCode } from "./schemas.js";

const requestView = z.object({
  id,
  orgId: id,
  orgName: z.string(),
  requestedBy: z.string(),
  workload: z.string(),
  volumes: z.string(),
  contactTime: z.string(),
  status: z.enum(["pending", "approved", "declined"]),
  decisionNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: isoDate.nullable(),
  grantId: id.nullable(),
  createdAt: isoDate,
});

export const staffOnboardingRouter = router({
  /** Every organization's requests, pending first, oldest first within each status. */
  list: staffProcedure.output(z.array(requestView)).query(async ({ ctx }) => {
    const rows = await ctx.prisma.onboardingRequest.findMany({ orderBy: [{ status: "asc" }, { createdAt: "asc" }] });
    const orgs = new Map((await ctx.prisma.organization.findMany({ where: { id: { in: rows.map((r) => r.orgId) } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
    const userIds = rows.flatMap((r) => [r.requestedById, r.decidedById ?? r.requestedById]);
    const users = new Map((await ctx.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]));
    return rows.map((r) => ({
      id: r.id,
      orgId: r.orgId,
      orgName: orgs.get(r.orgId) ?? r.orgId,
      requestedBy: users.get(r.requestedById) ?? "deleted user",
      workload: r.workload,
      volumes: r.volumes,
      contactTime: r.contactTime,
      status: r.status,
      decisionNote: r.decisionNote,
      decidedBy: r.decidedById === null ? null : (users.get(r.decidedById) ?? "deleted user"),
      decidedAt: isoOrNull(r.decidedAt),
      grantId: r.grantId,
      createdAt: iso(r.createdAt),
    }));
  }),

  /** Approve (grants the $750 onboarding credit, once per organization ever) or decline with a note. */
  decide: staffProcedure
    .input(z.object({ requestId: id, decision: z.enum(["approve", "decline"]), note: z.string().trim().max(1_000).optional() }))
    .output(z.object({ status: z.enum(["approved", "declined"]), grantId: id.nullable(), changed: z.boolean() }))
    .mutation(({ ctx, input }) =>
      decideOnboarding(ctx.prisma, { actor: requirePerson(ctx.actor), ip: ctx.ip }, { requestId: input.requestId, approve: input.decision === "approve", note: input.note || null }, new Date()),
    ),
});

export const staffBillingRouter = router({
  /** Invoices whose Stripe total disagreed with our ledger. */
  mismatches: staffProcedure
    .output(
      z.array(z.object({ invoiceId: id, orgId: id, orgName: z.string(), month: z.string(), totalMinor: z.number().int(), stripeInvoiceId: z.string().nullable(), detail: z.string().nullable() })),
    )
    .query(async ({ ctx }) => {
      const rows = await ctx.prisma.invoice.findMany({ where: { reconciliation: "mismatch" }, orderBy: { periodStart: "desc" } });
      const orgs = new Map((await ctx.prisma.organization.findMany({ where: { id: { in: rows.map((r) => r.orgId) } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
      return rows.map((r) => ({
        invoiceId: r.id,
        orgId: r.orgId,
        orgName: orgs.get(r.orgId) ?? r.orgId,
        month: r.periodStart.toISOString().slice(0, 7),
        totalMinor: r.totalMinor,
        stripeInvoiceId: r.stripeInvoiceId,
        detail: r.mismatchDetail,
      }));
    }),
});

export const staffPricesRouter = router({
  /** Every price version, list prices and negotiated ones, in time order per plan and dimension. */
  list: staffProcedure.output(z.array(priceVersionView)).query(async ({ ctx }) => {
    const rows = await ctx.prisma.priceVersion.findMany({ orderBy: [{ planId: "asc" }, { dimension: "asc" }, { effectiveFrom: "asc" }] });
    return rows.map(toPriceVersionView);
  }),

  /** A new list-price version from a future UTC hour; the version in force then gets its end, nothing else changes. */
  create: staffProcedure
    .input(z.object({ planId: z.enum(PRICED_PLANS), dimension: z.enum(DIMENSIONS), effectiveFrom: isoDate, price: priceInput }))
    .output(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const person = requirePerson(ctx.actor);
      const versionId = await createPriceVersion(ctx.prisma, { ...input, effectiveFrom: new Date(input.effectiveFrom) }, person.user.id, new Date());
      return { id: versionId };
    }),
});

const promotionView = z.object({
  code: z.string(),
  amountMinor: z.number().int(),
  validDays: z.number().int(),
  redeemableUntil: isoDate.nullable(),
  maxRedemptions: z.number().int().nullable(),
  redemptions: z.number().int(),
  createdBy: z.string(),
  createdAt: isoDate,
});

export const staffPromotionsRouter = router({
  /** Every promotion code, newest first, with how many organizations redeemed it. */
  list: staffProcedure.output(z.array(promotionView)).query(async ({ ctx }) => {
    const rows = await ctx.prisma.promotionCode.findMany({ orderBy: { createdAt: "desc" } });
    const counts = await redemptionCounts(ctx.prisma);
    const users = new Map((await ctx.prisma.user.findMany({ where: { id: { in: rows.map((r) => r.createdById) } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]));
    return rows.map((r) => ({
      code: r.code,
      amountMinor: r.amountMinor,
      validDays: r.validDays,
      redeemableUntil: isoOrNull(r.redeemableUntil),
      maxRedemptions: r.maxRedemptions,
      redemptions: counts.get(r.code) ?? 0,
      createdBy: users.get(r.createdById) ?? "deleted user",
      createdAt: iso(r.createdAt),
    }));
  }),

  /**
   * A new code. It belongs to no organization, so its row is its record: who made it and when.
   * Redemptions are audited in the redeeming organization's log.
   */
  create: staffProcedure
    .input(
      z.object({
        code: promotionCode,
        amountMinor: z.number().int("Give the amount in whole cents.").min(1, "A credit is at least one cent.").max(10_000_000, "A promotion credit is at most $100,000."),
        validDays: z.number().int("Give the validity in whole days.").min(1, "A credit lasts at least one day.").max(3_650, "A credit lasts at most ten years."),
        redeemableUntil: isoDate.nullable().default(null),
        maxRedemptions: z.number().int("Give the limit as a whole number.").min(1, "A limit allows at least one redemption.").nullable().default(null),
      }),
    )
    .output(z.object({ code: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const person = requirePerson(ctx.actor);
      await createPromotionCode(ctx.prisma, { ...input, redeemableUntil: input.redeemableUntil === null ? null : new Date(input.redeemableUntil) }, person.user.id);
      return { code: input.code };
    }),
});
