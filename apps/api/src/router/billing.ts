import { z } from "zod";
import { balanceOf } from "@freshet/billing/credits";
import { budgetSettingsSchema } from "@freshet/billing/budget";
import { loadCredits } from "@freshet/billing-store/credits";
import { formatMonth, monthContaining, parseMonth } from "@freshet/billing-store/period";
import type { Prisma } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createSetupCheckout } from "@freshet/billing-stripe/customer";
import { monthSummary } from "../billing/month-summary.js";
import { monthUsage } from "../billing/month-usage.js";
import { onceKeys } from "../billing/grant-rows.js";
import { redeemPromotionCode } from "../billing/promotion.js";
import { AppError } from "../errors.js";
import { orgAdminProcedure, orgProcedure, router } from "../trpc.js";
import { billingOutputs as out } from "./billing-outputs.js";
import { id, iso, isoOrNull, promotionCode } from "./schemas.js";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Give the month as YYYY-MM, e.g. 2026-03.");
const freeText = (what: string, max: number) => z.string().trim().min(1, `Say something about ${what}.`).max(max, `Keep ${what} under ${max} characters.`);

export const billingRouter = router({
  /** Plans, month-to-date cost by dimension and by cluster, the forecast, credits that apply and the net due. */
  summary: orgProcedure.output(out.summary).query(async ({ ctx }) => {
    const now = Date.now();
    const [summary, clusters, account, alerts] = await Promise.all([
      monthSummary(ctx.prisma, ctx.org.id, now),
      ctx.prisma.cluster.findMany({ where: { orgId: ctx.org.id }, select: { id: true, name: true, plan: true, status: true }, orderBy: { createdAt: "asc" } }),
      ctx.prisma.billingAccount.findUnique({ where: { orgId: ctx.org.id } }),
      ctx.prisma.budgetAlert.findMany({ where: { orgId: ctx.org.id, periodStart: new Date(monthContaining(now).start) }, orderBy: { level: "asc" } }),
    ]);
    if (!summary.ok) throw new AppError("invalid-request", summary.error);
    const s = summary.value;
    const named = new Map(clusters.map((c) => [c.id, c.name]));
    return {
      month: formatMonth(s.period),
      plans: [...new Set(clusters.filter((c) => c.status !== "Deleted").map((c) => c.plan))].sort(),
      byDimension: s.byDimension,
      byCluster: s.byCluster.map((c) => ({ ...c, clusterName: named.get(c.clusterId) ?? c.clusterId })),
      subtotalMinor: s.subtotalMinor,
      creditsMinor: s.creditsMinor,
      dueMinor: s.dueMinor,
      forecastMinor: s.forecastMinor,
      currency: account?.currency ?? "usd",
      paymentMethod: account?.paymentMethodSummary ?? (account?.paymentMethodId ? "on file" : null),
      budgetMinor: account?.budgetMinor ?? null,
      hardCapMinor: account?.hardCapMinor ?? null,
      capState: account?.capState ?? "uncapped",
      standing: account?.standing ?? "good",
      pastDueSince: isoOrNull(account?.pastDueSince ?? null),
      alerts: alerts.map((alert) => ({ level: alert.level, spendMinor: alert.spendMinor, firedAt: iso(alert.firedAt) })),
    };
  }),

  /** Quantities used in a month (this one by default), in their own units, and a daily series for a chart. */
  usage: orgProcedure
    .input(z.object({ month: month.optional() }).optional())
    .output(out.usage)
    .query(async ({ ctx, input }) => {
      const period = input?.month === undefined ? monthContaining(Date.now()) : parseMonth(input.month);
      if (period === null) throw new AppError("invalid-request", "Give the month as YYYY-MM, e.g. 2026-03.");
      return { month: formatMonth(period), ...(await monthUsage(ctx.prisma, ctx.org.id, period)) };
    }),

  /** Every grant with what is left of it by the ledger. */
  credits: orgProcedure.output(out.credits).query(async ({ ctx }) => {
    const loaded = await loadCredits(ctx.prisma, ctx.org.id);
    if (!loaded.ok) throw new AppError("invalid-request", loaded.error);
    const now = Date.now();
    return loaded.value.grants.map((grant) => ({
      id: grant.id,
      kind: grant.kind,
      category: grant.category,
      amountMinor: grant.amountMinor,
      balanceMinor: balanceOf(grant, loaded.value.entries),
      effectiveAt: new Date(grant.effectiveAt).toISOString(),
      expiresAt: grant.expiresAt === null ? null : new Date(grant.expiresAt).toISOString(),
      expired: grant.expiresAt !== null && grant.expiresAt <= now,
    }));
  }),

  /** Invoices newest first with their lines, and where the account stands with its payments. */
  invoices: orgProcedure.output(out.invoices).query(async ({ ctx }) => {
    const [invoices, account] = await Promise.all([
      ctx.prisma.invoice.findMany({ where: { orgId: ctx.org.id }, include: { lines: { orderBy: { position: "asc" } } }, orderBy: { periodStart: "desc" } }),
      ctx.prisma.billingAccount.findUnique({ where: { orgId: ctx.org.id } }),
    ]);
    return {
      standing: account?.standing ?? "good",
      pastDueSince: isoOrNull(account?.pastDueSince ?? null),
      invoices: invoices.map((invoice) => ({
        id: invoice.id,
        month: formatMonth({ start: invoice.periodStart.getTime(), end: invoice.periodEnd.getTime() }),
        status: invoice.status,
        reconciliation: invoice.reconciliation,
        subtotalMinor: invoice.subtotalMinor,
        creditsMinor: invoice.creditsMinor,
        totalMinor: invoice.totalMinor,
        currency: invoice.currency,
        hostedUrl: invoice.hostedUrl,
        finalizedAt: isoOrNull(invoice.finalizedAt),
        paidAt: isoOrNull(invoice.paidAt),
        lines: invoice.lines.map((line) => ({ kind: line.kind, dimension: line.dimension, description: line.description, quantity: line.quantity?.toFixed() ?? null, amountMinor: line.amountMinor })),
      })),
    };
  }),

  /** The monthly budget (alerts at 50/75/90/100%) and the hard cap; null removes either. */
  setBudget: orgAdminProcedure
    .input(budgetSettingsSchema)
    .output(z.object({ budgetMinor: z.number().int().nullable(), hardCapMinor: z.number().int().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const data = { budgetMinor: input.budgetMinor, hardCapMinor: input.hardCapMinor };
      const account = await ctx.prisma.billingAccount.upsert({ where: { orgId: ctx.org.id }, create: { id: newId("billingAccount"), orgId: ctx.org.id, ...data }, update: data });
      await ctx.audit({ action: "billing.set-budget", targetType: "billingAccount", targetId: account.id, metadata: data });
      return data;
    }),

  /**
   * A Stripe Checkout session in setup mode for the organization's customer; the console sends the
   * person to `url`, and the webhook records the saved card when they come back.
   */
  startCheckout: orgAdminProcedure
    .input(z.object({}))
    .output(z.object({ url: z.url() }))
    .mutation(async ({ ctx }) => {
      if (ctx.stripe === null) throw new AppError("payments-unavailable", "Payments are not set up on this server, so no payment method can be added; ask its operator to set STRIPE_SECRET_KEY.");
      const billingPage = `${ctx.consoleOrigin}/billing`;
      const checkout = await createSetupCheckout(ctx.prisma, ctx.stripe, { orgId: ctx.org.id, successUrl: `${billingPage}?checkout=done`, cancelUrl: `${billingPage}?checkout=cancelled` });
      if (!checkout.ok) throw new AppError("payments-unavailable", "Stripe could not start the checkout just now; try again in a minute.", { cause: checkout.error });
      await ctx.audit({ action: "billing.start-checkout", targetType: "organization", targetId: ctx.org.id });
      return checkout.value;
    }),

  /** Redeems a promotion code (any letter case) for the active organization: its credit, once per organization. */
  redeemCode: orgAdminProcedure
    .input(z.object({ code: promotionCode }))
    .output(z.object({ grantId: id }))
    .mutation(async ({ ctx, input }) => ({ grantId: await redeemPromotionCode(ctx.prisma, { actor: ctx.actor, ip: ctx.ip }, ctx.org.id, input.code, new Date()) })),

  /** Asks Freshet staff for white-glove onboarding; approval grants the $750 credit. One open request at a time. */
  requestOnboarding: orgAdminProcedure
    .input(z.object({ workload: freeText("what you stream", 2_000), volumes: freeText("your volumes", 500), contactTime: freeText("when to reach you", 200) }))
    .output(out.onboardingRequest)
    .mutation(async ({ ctx, input }) => {
      const request = await ctx.prisma.$transaction(async (tx) => {
        // Serializes requests within one org, so two at once cannot both find none pending.
        await tx.$executeRaw`SELECT 1 FROM "organization" WHERE "id" = ${ctx.org.id} FOR UPDATE`;
        if ((await tx.creditGrant.count({ where: { onceKey: onceKeys.onboarding(ctx.org.id) } })) > 0) {
          throw new AppError("already-exists", "This organization already received its onboarding credit.");
        }
        if ((await tx.onboardingRequest.count({ where: { orgId: ctx.org.id, status: "pending" } })) > 0) {
          throw new AppError("already-exists", "An onboarding request is already waiting for an answer.");
        }
        return tx.onboardingRequest.create({ data: { id: newId("onboardingRequest"), orgId: ctx.org.id, requestedById: ctx.actor.user.id, ...input } });
      });
      await ctx.audit({ action: "onboarding.request", targetType: "onboardingRequest", targetId: request.id, metadata: { ...input } });
      return toRequestView(request, null);
    }),

  /** The organization's onboarding requests, newest first, with staff's decision and the credit granted. */
  onboarding: orgProcedure.output(z.array(out.onboardingRequest)).query(async ({ ctx }) => {
    const requests = await ctx.prisma.onboardingRequest.findMany({ where: { orgId: ctx.org.id }, include: { grant: true }, orderBy: { createdAt: "desc" } });
    return requests.map((request) => toRequestView(request, request.grant?.amountMinor ?? null));
  }),
});

type RequestRow = Prisma.OnboardingRequestGetPayload<object>;

function toRequestView(request: RequestRow, grantAmountMinor: number | null) {
  return {
    id: request.id,
    workload: request.workload,
    volumes: request.volumes,
    contactTime: request.contactTime,
    status: request.status,
    decisionNote: request.decisionNote,
    decidedAt: isoOrNull(request.decidedAt),
    createdAt: iso(request.createdAt),
    grantId: request.grantId,
    grantAmountMinor,
  };
}
