import { alertTargetSchema, conditionOf } from "@freshet/control-plane/alerts/alert-rule";
import { alertSampleSchema, evaluateRule, keepSamples, type AlertVerdict } from "@freshet/control-plane/alerts/evaluate-rule";
import type { AlertRule, Cluster, Prisma, PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import type { Logger } from "pino";
import { z } from "zod";
import type { AlertSignals, SignalRequest } from "./alert-signals.js";

export interface AlertEvaluatorOptions {
  readonly prisma: PrismaClient;
  readonly signals: AlertSignals;
  readonly logger: Logger;
  /** Epoch milliseconds. Default Date.now. */
  readonly now?: () => number;
}

export interface AlertPassReport {
  evaluated: number;
  readonly fired: string[];
  readonly cleared: string[];
  /** Rules whose signal could not be read (their lastError says why). */
  readonly unreadable: string[];
}

type Transition = "fired" | "cleared";

const samplesSchema = z.array(alertSampleSchema).catch([]);

/**
 * One pass over every enabled rule: read its signal on its cluster, add the sample to the rule's
 * window (kept in the row, so a restarted worker or another one carries on), judge it, and on a
 * change of state open or close an AlertEvent, write the audit entry and queue the webhook
 * delivery in the same transaction. The row's update is conditional on the state it was read in,
 * so two workers never both record one transition.
 */
export class AlertEvaluator {
  readonly #now: () => number;

  constructor(private readonly options: AlertEvaluatorOptions) {
    this.#now = options.now ?? Date.now;
  }

  async evaluate(): Promise<AlertPassReport> {
    const { prisma } = this.options;
    const rules = await prisma.alertRule.findMany({ where: { enabled: true }, include: { cluster: true }, orderBy: { id: "asc" } });
    const report: AlertPassReport = { evaluated: 0, fired: [], cleared: [], unreadable: [] };
    const byCluster = new Map<string, { cluster: Cluster; rules: typeof rules }>();
    for (const rule of rules) {
      const entry = byCluster.get(rule.clusterId) ?? { cluster: rule.cluster, rules: [] };
      entry.rules.push(rule);
      byCluster.set(rule.clusterId, entry);
    }
    for (const { cluster, rules: clusterRules } of byCluster.values()) {
      await this.#evaluateCluster(cluster, clusterRules, report).catch((error: unknown) => {
        this.options.logger.error({ err: error, clusterId: cluster.id }, "alert evaluation failed for cluster");
        report.unreadable.push(...clusterRules.map((r) => r.id));
      });
    }
    return report;
  }

  async #evaluateCluster(cluster: Cluster, rules: readonly AlertRule[], report: AlertPassReport): Promise<void> {
    if (cluster.status !== "Running" || cluster.bootstrapHost === null || cluster.bootstrapPort === null) {
      await this.options.prisma.alertRule.updateMany({ where: { id: { in: rules.map((r) => r.id) } }, data: { lastError: `The cluster is ${cluster.status}.` } });
      report.unreadable.push(...rules.map((r) => r.id));
      return;
    }
    const requests: SignalRequest[] = rules.map((rule) => ({
      ruleId: rule.id,
      orgId: rule.orgId,
      target: alertTargetSchema.parse(rule.target),
      condition: conditionOf(rule.kind, rule.params),
    }));
    const readings = await this.options.signals.read({ id: cluster.id, bootstrapHost: cluster.bootstrapHost, bootstrapPort: cluster.bootstrapPort }, requests);
    const now = this.#now();
    for (const [index, rule] of rules.entries()) {
      const reading = readings.get(rule.id) ?? { error: "The signal was not read." };
      if ("error" in reading) {
        await this.options.prisma.alertRule.update({ where: { id: rule.id }, data: { lastError: reading.error, lastEvaluatedAt: new Date(now) } });
        report.unreadable.push(rule.id);
        continue;
      }
      const windowMs = rule.windowSeconds * 1000;
      const samples = keepSamples([...samplesSchema.parse(rule.samples), { at: now, value: reading.value }], now, windowMs);
      const verdict = evaluateRule(requests[index]!.condition, windowMs, samples, now);
      const transition = transitionOf(rule.state, verdict);
      report.evaluated += 1;
      if (await this.#record(rule, samples, verdict, transition, now)) {
        if (transition === "fired") report.fired.push(rule.id);
        if (transition === "cleared") report.cleared.push(rule.id);
      }
    }
  }

  /** Writes the pass's result; false when another worker moved the rule first (then nothing is written). */
  async #record(rule: AlertRule, samples: Prisma.InputJsonValue, verdict: AlertVerdict, transition: Transition | null, now: number): Promise<boolean> {
    const at = new Date(now);
    return this.options.prisma.$transaction(async (tx) => {
      const state = transition === "fired" ? "firing" : transition === "cleared" ? "ok" : rule.state;
      const updated = await tx.alertRule.updateMany({
        where: { id: rule.id, state: rule.state, enabled: true },
        data: { samples, lastEvaluatedAt: at, lastError: null, state, ...(transition === null ? {} : { stateSummary: verdict.summary }) },
      });
      if (updated.count === 0 || transition === null || verdict.state === "unknown") return updated.count > 0;
      const eventId =
        transition === "fired"
          ? (await tx.alertEvent.create({ data: { id: newId("alertEvent", now), orgId: rule.orgId, ruleId: rule.id, firedAt: at, value: verdict.value, summary: verdict.summary } })).id
          : await closeOpenEvent(tx, rule.id, at);
      if (eventId === null) return true;
      await tx.auditLog.create({
        data: {
          id: newId("auditLog", now),
          orgId: rule.orgId,
          action: `alert.${transition}`,
          targetType: "alert-rule",
          targetId: rule.id,
          metadata: { eventId, name: rule.name, kind: rule.kind, value: verdict.value, summary: verdict.summary },
        },
      });
      const webhook = await tx.alertWebhook.findUnique({ where: { orgId: rule.orgId } });
      if (webhook !== null) {
        // The (event, transition) key makes the delivery exist once, however often this runs.
        await tx.alertDelivery.createMany({ data: [{ id: newId("alertDelivery", now), eventId, transition, url: webhook.url, nextAttemptAt: at }], skipDuplicates: true });
      }
      return true;
    });
  }
}

function transitionOf(state: AlertRule["state"], verdict: AlertVerdict): Transition | null {
  if (verdict.state === "firing" && state === "ok") return "fired";
  if (verdict.state === "ok" && state === "firing") return "cleared";
  return null;
}

async function closeOpenEvent(tx: Prisma.TransactionClient, ruleId: string, at: Date): Promise<string | null> {
  const open = await tx.alertEvent.findFirst({ where: { ruleId, clearedAt: null }, orderBy: { firedAt: "desc" } });
  if (open === null) return null;
  await tx.alertEvent.update({ where: { id: open.id }, data: { clearedAt: at } });
  return open.id;
}
