import { alertConditionSchema, alertRuleSpecSchema, alertTargetSchema, alertWindowSchema, paramsOf, targetFits, WRONG_TARGET, type AlertTarget } from "@freshet/control-plane/alerts/alert-rule";
import type { PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { z } from "zod";
import { alertEventOutput, alertRuleInOrg, alertRuleOutput, toAlertEventView, toAlertRuleView } from "../alerts/alert-views.js";
import { AppError, notFound } from "../errors.js";
import { orgAdminProcedure, orgProcedure, router } from "../trpc.js";
import { clusterInOrg } from "./cluster-view.js";
import { id, iso, isoDate } from "./schemas.js";

/** A connector or pipeline target must be one of the same org and cluster (another org's answers as missing). */
async function checkTarget(prisma: PrismaClient, orgId: string, clusterId: string, target: AlertTarget): Promise<void> {
  if (target.kind === "connector" && (await prisma.connector.findFirst({ where: { id: target.connectorId, orgId, clusterId, deletedAt: null } })) === null) {
    throw notFound("connector on this cluster");
  }
  if (target.kind === "pipeline" && (await prisma.pipeline.findFirst({ where: { id: target.pipelineId, orgId, clusterId, deletedAt: null } })) === null) {
    throw notFound("pipeline on this cluster");
  }
}

const webhookUrl = z.url({ protocol: /^https?$/, error: "The webhook URL must be an http or https address." }).max(2048, "The webhook URL is at most 2048 characters.");

const rulesRouter = router({
  /** The org's rules, of one cluster or all, with their state. */
  list: orgProcedure
    .input(z.object({ clusterId: id.optional() }))
    .output(z.array(alertRuleOutput))
    .query(async ({ ctx, input }) => {
      if (input.clusterId !== undefined) await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const rows = await ctx.prisma.alertRule.findMany({ where: { orgId: ctx.org.id, ...(input.clusterId === undefined ? {} : { clusterId: input.clusterId }) }, orderBy: { createdAt: "asc" } });
      return rows.map(toAlertRuleView);
    }),

  create: orgProcedure
    .input(z.object({ clusterId: id, rule: alertRuleSpecSchema, enabled: z.boolean().default(true) }))
    .output(z.object({ ruleId: id }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      await checkTarget(ctx.prisma, ctx.org.id, cluster.id, input.rule.target);
      const { name, target, condition, windowSeconds } = input.rule;
      const row = await ctx.prisma.alertRule.create({
        data: { id: newId("alertRule"), orgId: ctx.org.id, clusterId: cluster.id, name, target, kind: condition.kind, params: paramsOf(condition), windowSeconds, enabled: input.enabled },
      });
      await ctx.audit({ action: "alert-rule.create", targetType: "alert-rule", targetId: row.id, metadata: { clusterId: cluster.id, name, kind: condition.kind } });
      return { ruleId: row.id };
    }),

  /** Changes a rule; a new target, condition or window starts its samples afresh (the old ones judged something else). */
  update: orgProcedure
    .input(
      z.object({
        ruleId: id,
        name: z.string().trim().min(1, "Name the alert.").max(80, "An alert's name is at most 80 characters.").optional(),
        target: alertTargetSchema.optional(),
        condition: alertConditionSchema.optional(),
        windowSeconds: alertWindowSchema.optional(),
        enabled: z.boolean().optional(),
      }),
    )
    .output(alertRuleOutput)
    .mutation(async ({ ctx, input }) => {
      const rule = await alertRuleInOrg(ctx.prisma, ctx.org.id, input.ruleId);
      const current = toAlertRuleView(rule);
      const target = input.target ?? current.target;
      const condition = input.condition ?? current.condition;
      if (!targetFits(condition.kind, target)) throw new AppError("invalid-request", WRONG_TARGET);
      await checkTarget(ctx.prisma, ctx.org.id, rule.clusterId, target);
      const restart = input.target !== undefined || input.condition !== undefined || input.windowSeconds !== undefined;
      const row = await ctx.prisma.alertRule.update({
        where: { id: rule.id },
        data: {
          name: input.name,
          target,
          kind: condition.kind,
          params: paramsOf(condition),
          windowSeconds: input.windowSeconds,
          enabled: input.enabled,
          ...(restart ? { samples: [], lastError: null } : {}),
        },
      });
      const changed = Object.keys(input).filter((key) => key !== "ruleId");
      await ctx.audit({ action: "alert-rule.update", targetType: "alert-rule", targetId: rule.id, metadata: { name: row.name, changed } });
      return toAlertRuleView(row);
    }),

  /** Deletes a rule with its history of events. */
  delete: orgProcedure
    .input(z.object({ ruleId: id }))
    .output(z.object({ ruleId: id }))
    .mutation(async ({ ctx, input }) => {
      const rule = await alertRuleInOrg(ctx.prisma, ctx.org.id, input.ruleId);
      await ctx.prisma.alertRule.delete({ where: { id: rule.id } });
      await ctx.audit({ action: "alert-rule.delete", targetType: "alert-rule", targetId: rule.id, metadata: { name: rule.name, kind: rule.kind } });
      return { ruleId: rule.id };
    }),
});

const eventsRouter = router({
  /** Firings, newest first: of one rule, or of every rule of the org. */
  list: orgProcedure
    .input(z.object({ ruleId: id.optional(), limit: z.number().int().min(1).max(500).default(100) }))
    .output(z.array(alertEventOutput))
    .query(async ({ ctx, input }) => {
      if (input.ruleId !== undefined) await alertRuleInOrg(ctx.prisma, ctx.org.id, input.ruleId);
      const rows = await ctx.prisma.alertEvent.findMany({
        where: { orgId: ctx.org.id, ...(input.ruleId === undefined ? {} : { ruleId: input.ruleId }) },
        include: { rule: true, deliveries: { orderBy: { createdAt: "asc" } } },
        orderBy: { firedAt: "desc" },
        take: input.limit,
      });
      return rows.map(toAlertEventView);
    }),
});

const webhookOutput = z.object({ url: z.string(), secretCreatedAt: isoDate }).nullable();

const webhookRouter = router({
  /** Where transitions are POSTed; the signing secret is never shown again after set. */
  get: orgProcedure
    .input(z.void())
    .output(webhookOutput)
    .query(async ({ ctx }) => {
      const row = await ctx.prisma.alertWebhook.findUnique({ where: { orgId: ctx.org.id } });
      return row === null ? null : { url: row.url, secretCreatedAt: iso(row.secretCreatedAt) };
    }),

  /**
   * Sets the URL (null removes the webhook). The signing secret is answered once: when the webhook
   * is first set or when rotateSecret asks for a new one; otherwise `secret` is null.
   */
  set: orgAdminProcedure
    .input(z.object({ url: webhookUrl.nullable(), rotateSecret: z.boolean().default(false) }))
    .output(z.object({ webhook: webhookOutput, secret: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const existing = await ctx.prisma.alertWebhook.findUnique({ where: { orgId: ctx.org.id } });
      if (input.url === null) {
        if (existing !== null) await ctx.prisma.alertWebhook.delete({ where: { orgId: ctx.org.id } });
        await ctx.audit({ action: "alert-webhook.set", targetType: "organization", targetId: ctx.org.id, metadata: { removed: true } });
        return { webhook: null, secret: null };
      }
      const fresh = existing === null || input.rotateSecret;
      const now = new Date();
      const row =
        existing === null
          ? await ctx.prisma.alertWebhook.create({ data: { orgId: ctx.org.id, url: input.url, secretCreatedAt: now } })
          : await ctx.prisma.alertWebhook.update({
              where: { orgId: ctx.org.id },
              data: { url: input.url, ...(input.rotateSecret ? { secretVersion: { increment: 1 }, secretCreatedAt: now } : {}) },
            });
      await ctx.audit({ action: "alert-webhook.set", targetType: "organization", targetId: ctx.org.id, metadata: { url: row.url, rotated: fresh } });
      return { webhook: { url: row.url, secretCreatedAt: iso(row.secretCreatedAt) }, secret: fresh ? ctx.alertWebhookSecret(ctx.org.id, row.secretVersion) : null };
    }),
});

/** Alerts on data behaviour (issue 17): rules, their history, and the org's webhook. */
export const alertsRouter = router({ rules: rulesRouter, events: eventsRouter, webhook: webhookRouter });
