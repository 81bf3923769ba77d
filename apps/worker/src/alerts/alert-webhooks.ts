import { alertTargetSchema } from "@freshet/control-plane/alerts/alert-rule";
import { ALERT_DELIVERY_HEADER, ALERT_SIGNATURE_HEADER, alertWebhookSecret, signAlertPayload, type AlertWebhookPayload } from "@freshet/control-plane/alerts/webhook-signature";
import type { AlertDelivery, AlertEvent, AlertRule, PrismaClient } from "@freshet/db/client";
import type { Logger } from "pino";

export interface AlertWebhooksOptions {
  readonly prisma: PrismaClient;
  /** Derives each org's signing secret (alertWebhookSecret). */
  readonly controlPlaneSecret: string;
  readonly logger: Logger;
  /** Epoch milliseconds. Default Date.now. */
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
  /** How long one POST may take. Default 5 s. */
  readonly timeoutMs?: number;
  /** The first retry's delay; each next one doubles it, up to an hour. Default 5 s. */
  readonly retryDelayMs?: number;
  /** Attempts before a delivery is given up. Default 10 (about 40 minutes of retries at the default delay). */
  readonly maxAttempts?: number;
}

export interface DeliveryReport {
  readonly delivered: string[];
  readonly failed: string[];
  readonly abandoned: string[];
}

/** Deliveries tried per pass at most, so one pass stays short. */
const BATCH = 50;

/**
 * POSTs the alert transitions owed (AlertDelivery rows): signed JSON, the delivery's id as a header
 * so receivers drop repeats, a 2xx marks it delivered; anything else is recorded on the row and
 * retried with exponential backoff until maxAttempts. Runs after the evaluation of the same pass
 * and only ever writes delivery rows, so a slow or broken receiver never holds up evaluation.
 */
export class AlertWebhooks {
  readonly #now: () => number;
  readonly #fetch: typeof fetch;

  constructor(private readonly options: AlertWebhooksOptions) {
    this.#now = options.now ?? Date.now;
    this.#fetch = options.fetch ?? fetch;
  }

  async deliverDue(): Promise<DeliveryReport> {
    const { prisma } = this.options;
    const due = await prisma.alertDelivery.findMany({
      where: { deliveredAt: null, abandonedAt: null, nextAttemptAt: { lte: new Date(this.#now()) } },
      include: { event: { include: { rule: true } } },
      orderBy: { nextAttemptAt: "asc" },
      take: BATCH,
    });
    const report: DeliveryReport = { delivered: [], failed: [], abandoned: [] };
    await Promise.all(
      due.map(async (delivery) => {
        const outcome = await this.#attempt(delivery).catch((error: unknown) => ({ ok: false as const, error: (error as Error).message }));
        const attempts = delivery.attempts + 1;
        const at = this.#now();
        if (outcome.ok) {
          await prisma.alertDelivery.update({ where: { id: delivery.id }, data: { attempts, deliveredAt: new Date(at), lastError: null } });
          report.delivered.push(delivery.id);
          return;
        }
        const giveUp = attempts >= (this.options.maxAttempts ?? 10);
        const delay = Math.min(3_600_000, (this.options.retryDelayMs ?? 5_000) * 2 ** (attempts - 1));
        await prisma.alertDelivery.update({
          where: { id: delivery.id },
          data: { attempts, lastError: outcome.error, nextAttemptAt: new Date(at + delay), ...(giveUp ? { abandonedAt: new Date(at) } : {}) },
        });
        (giveUp ? report.abandoned : report.failed).push(delivery.id);
        this.options.logger.warn({ deliveryId: delivery.id, attempts, err: outcome.error }, "alert webhook delivery failed");
      }),
    );
    return report;
  }

  async #attempt(delivery: DeliveryRow): Promise<{ ok: true } | { ok: false; error: string }> {
    const { event } = delivery;
    const webhook = await this.options.prisma.alertWebhook.findUnique({ where: { orgId: event.orgId } });
    if (webhook === null) return { ok: false, error: "The organization has no alert webhook any more." };
    const payload: AlertWebhookPayload = {
      deliveryId: delivery.id,
      type: delivery.transition === "fired" ? "alert.fired" : "alert.cleared",
      event: { id: event.id, firedAt: event.firedAt.toISOString(), clearedAt: event.clearedAt?.toISOString() ?? null, value: event.value, summary: event.summary },
      rule: { id: event.rule.id, name: event.rule.name, kind: event.rule.kind, clusterId: event.rule.clusterId, target: alertTargetSchema.parse(event.rule.target) },
    };
    const body = JSON.stringify(payload);
    const secret = alertWebhookSecret(this.options.controlPlaneSecret, event.orgId, webhook.secretVersion);
    const response = await this.#fetch(webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "freshet-alerts",
        [ALERT_DELIVERY_HEADER]: delivery.id,
        [ALERT_SIGNATURE_HEADER]: signAlertPayload(secret, body, Math.floor(this.#now() / 1000)),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
    });
    await response.body?.cancel();
    return response.ok ? { ok: true } : { ok: false, error: `The webhook answered HTTP ${response.status.toString()}.` };
  }
}

type DeliveryRow = AlertDelivery & { event: AlertEvent & { rule: AlertRule } };
