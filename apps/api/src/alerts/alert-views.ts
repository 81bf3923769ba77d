import { alertConditionSchema, alertTargetSchema, conditionOf } from "@freshet/control-plane/alerts/alert-rule";
import type { AlertDelivery, AlertEvent, AlertRule, PrismaClient } from "@freshet/db/client";
import { z } from "zod";
import { notFound } from "../errors.js";
import { id, iso, isoDate, isoOrNull } from "../router/schemas.js";

export const alertRuleOutput = z.object({
  id,
  name: z.string(),
  clusterId: id,
  target: alertTargetSchema,
  condition: alertConditionSchema,
  windowSeconds: z.number().int(),
  enabled: z.boolean(),
  state: z.enum(["ok", "firing"]),
  /** Why it fires, or last fired. */
  stateSummary: z.string().nullable(),
  lastEvaluatedAt: isoDate.nullable(),
  /** Why the last evaluation could not read the signal. */
  lastError: z.string().nullable(),
  createdAt: isoDate,
});
export type AlertRuleView = z.infer<typeof alertRuleOutput>;

export function toAlertRuleView(row: AlertRule): AlertRuleView {
  return {
    id: row.id,
    name: row.name,
    clusterId: row.clusterId,
    target: alertTargetSchema.parse(row.target),
    condition: conditionOf(row.kind, row.params),
    windowSeconds: row.windowSeconds,
    enabled: row.enabled,
    state: row.state,
    stateSummary: row.stateSummary,
    lastEvaluatedAt: isoOrNull(row.lastEvaluatedAt),
    lastError: row.lastError,
    createdAt: iso(row.createdAt),
  };
}

export const alertEventOutput = z.object({
  id,
  ruleId: id,
  ruleName: z.string(),
  firedAt: isoDate,
  clearedAt: isoDate.nullable(),
  value: z.number(),
  summary: z.string(),
  /** The webhook POSTs of its transitions, if the org had a webhook. */
  deliveries: z.array(z.object({ transition: z.enum(["fired", "cleared"]), attempts: z.number().int(), deliveredAt: isoDate.nullable(), abandoned: z.boolean(), lastError: z.string().nullable() })),
});
export type AlertEventView = z.infer<typeof alertEventOutput>;

export function toAlertEventView(row: AlertEvent & { rule: AlertRule; deliveries: AlertDelivery[] }): AlertEventView {
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.rule.name,
    firedAt: iso(row.firedAt),
    clearedAt: isoOrNull(row.clearedAt),
    value: row.value,
    summary: row.summary,
    deliveries: row.deliveries.map((d) => ({
      transition: d.transition === "cleared" ? "cleared" : "fired",
      attempts: d.attempts,
      deliveredAt: isoOrNull(d.deliveredAt),
      abandoned: d.abandonedAt !== null,
      lastError: d.lastError,
    })),
  };
}

/** A rule of the caller's org; any other org's rule is answered as missing. */
export async function alertRuleInOrg(prisma: PrismaClient, orgId: string, ruleId: string): Promise<AlertRule> {
  const rule = await prisma.alertRule.findFirst({ where: { id: ruleId, orgId } });
  if (rule === null) throw notFound("alert rule");
  return rule;
}
