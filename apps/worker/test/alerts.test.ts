/*
 * The check: a stalled-topic alert fires within its window when the producer stops and
 * clears when it resumes. Real Postgres, Redis (the evaluate-alerts scheduled job), a tenant cluster
 * provisioned by the worker, kafkajs producing, and a local HTTP server receiving the webhooks.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ALERT_DELIVERY_HEADER, ALERT_SIGNATURE_HEADER, alertWebhookPayloadSchema, alertWebhookSecret, verifyAlertSignature } from "@freshet/control-plane/alerts/webhook-signature";
import { createTenantConnector } from "@freshet/control-plane/tenant-connector";
import { newId } from "@freshet/db/ids";
import type { Producer } from "kafkajs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertEvaluator } from "../src/alerts/alert-evaluator.js";
import { tenantAlertSignals } from "../src/alerts/alert-signals.js";
import { AlertWebhooks } from "../src/alerts/alert-webhooks.js";
import { startAlerts } from "../src/alerts/alerts-job.js";
import type { ScheduledJobs } from "../src/jobs/scheduled-jobs.js";
import { ProvisioningWorker } from "../src/provisioning-worker.js";
import { CONTROL_PLANE_SECRET, createFixture, REDIS_URL, runningClusterWithTopic, tenantKafka, type Fixture } from "./support/fixture.js";

const TOPIC = "readings";
const WINDOW_SECONDS = 4;
const INTERVAL_MS = 1_000;

interface Received {
  readonly body: string;
  readonly signature: string;
  readonly deliveryId: string;
  readonly status: number;
}

describe("alerts on a real cluster", () => {
  let fx: Fixture;
  let worker: ProvisioningWorker;
  let alerts: ScheduledJobs;
  let receiver: Server;
  let producer: Producer;
  let ruleId: string;
  const received: Received[] = [];
  const logger = pino({ level: "silent" });
  let producing: NodeJS.Timeout | null = null;
  let lastSentAt = 0;

  /** Sends one record every 200 ms until stopProducing. */
  const startProducing = () => {
    producing = setInterval(() => {
      void producer.send({ topic: TOPIC, messages: [{ value: "21.5" }] }).then(() => (lastSentAt = Date.now()));
    }, 200);
  };
  const stopProducing = () => {
    if (producing !== null) clearInterval(producing);
    producing = null;
  };

  beforeAll(async () => {
    fx = await createFixture();
    worker = await ProvisioningWorker.start({
      redisUrl: REDIS_URL,
      queueName: fx.queueName,
      prisma: fx.prisma,
      provisioner: fx.driver,
      connectorHost: fx.driver.connectors,
      dataflowHost: fx.driver.dataflows,
      controlPlaneSecret: CONTROL_PLANE_SECRET,
      logger,
    });
    const { clusterId, bootstrap } = await runningClusterWithTopic(fx, TOPIC);
    producer = tenantKafka(bootstrap, "alice", "alice-password").producer();
    await producer.connect();

    // The first POST is refused, so the fired delivery goes through only on its retry.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const status = received.length === 0 ? 500 : 204;
        received.push({ body: Buffer.concat(chunks).toString("utf8"), signature: String(req.headers[ALERT_SIGNATURE_HEADER]), deliveryId: String(req.headers[ALERT_DELIVERY_HEADER]), status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port.toString()}/hooks/freshet`;
    await fx.prisma.alertWebhook.create({ data: { orgId: fx.orgId, url, secretVersion: 3, secretCreatedAt: new Date() } });
    ruleId = newId("alertRule");
    await fx.prisma.alertRule.create({
      data: { id: ruleId, orgId: fx.orgId, clusterId, name: "readings stalled", target: { kind: "topic", topic: TOPIC }, kind: "stalled", windowSeconds: WINDOW_SECONDS },
    });

    startProducing();
    alerts = await startAlerts({
      redisUrl: REDIS_URL,
      queueName: `alerts-test-${randomBytes(6).toString("hex")}`,
      intervalMs: INTERVAL_MS,
      evaluator: new AlertEvaluator({ prisma: fx.prisma, signals: tenantAlertSignals(createTenantConnector(CONTROL_PLANE_SECRET), fx.prisma), logger }),
      webhooks: new AlertWebhooks({ prisma: fx.prisma, controlPlaneSecret: CONTROL_PLANE_SECRET, logger, retryDelayMs: 200 }),
      logger,
    });
  }, 120_000);

  afterAll(async () => {
    stopProducing();
    await alerts?.close();
    await producer?.disconnect();
    await new Promise((resolve) => receiver?.close(resolve));
    await worker?.close();
    await fx?.close();
  });

  const rule = () => fx.prisma.alertRule.findUniqueOrThrow({ where: { id: ruleId } });
  const verify = (r: Received) => verifyAlertSignature(alertWebhookSecret(CONTROL_PLANE_SECRET, fx.orgId, 3), r.body, r.signature, Math.floor(Date.now() / 1000));

  it("stays ok while records flow", async () => {
    // A full window of samples with records arriving: judged, and ok.
    const covered = async () => {
      const samples = (await rule()).samples as Array<{ at: number }>;
      return samples.length > 1 && samples.at(-1)!.at - samples[0]!.at >= WINDOW_SECONDS * 1000;
    };
    await expect.poll(covered, { timeout: 20_000, interval: 200 }).toBe(true);
    const current = await rule();
    expect([current.state, current.lastError]).toEqual(["ok", null]);
    expect(await fx.prisma.alertEvent.count()).toBe(0);
  }, 30_000);

  it("fires within its window after the producer stops: an event, an audit entry and a signed webhook (retried once)", async () => {
    stopProducing();
    await expect.poll(async () => (await rule()).state, { timeout: WINDOW_SECONDS * 1000 + 10_000, interval: 100 }).toBe("firing");
    const event = await fx.prisma.alertEvent.findFirstOrThrow({ where: { ruleId } });
    const silentFor = event.firedAt.getTime() - lastSentAt;
    // Not before the window has passed without records, and within a window plus two passes of it.
    expect(silentFor).toBeGreaterThanOrEqual(WINDOW_SECONDS * 1000);
    expect(silentFor).toBeLessThanOrEqual(WINDOW_SECONDS * 1000 + 2 * INTERVAL_MS + 1_000);
    expect(event).toMatchObject({ clearedAt: null, summary: expect.stringMatching(/^No new records for \d+ seconds\.$/) });
    expect(await fx.prisma.auditLog.findMany({ where: { orgId: fx.orgId, action: "alert.fired" } })).toEqual([
      expect.objectContaining({ targetType: "alert-rule", targetId: ruleId, actorUserId: null, metadata: expect.objectContaining({ eventId: event.id }) }),
    ]);

    await expect.poll(() => received.filter((r) => r.status === 204).length, { timeout: 10_000, interval: 100 }).toBe(1);
    const [refused, accepted] = received;
    expect([refused!.deliveryId, refused!.status, accepted!.status]).toEqual([accepted!.deliveryId, 500, 204]);
    expect(verify(accepted!)).toBe(true);
    expect(verifyAlertSignature(alertWebhookSecret(CONTROL_PLANE_SECRET, fx.orgId, 2), accepted!.body, accepted!.signature, Math.floor(Date.now() / 1000))).toBe(false);
    const payload = alertWebhookPayloadSchema.parse(JSON.parse(accepted!.body));
    expect(payload).toMatchObject({ type: "alert.fired", event: { id: event.id, clearedAt: null }, rule: { id: ruleId, kind: "stalled", target: { kind: "topic", topic: TOPIC } } });
    expect(await fx.prisma.alertDelivery.findUniqueOrThrow({ where: { id: accepted!.deliveryId } })).toMatchObject({ attempts: 2, lastError: null, deliveredAt: expect.any(Date) });
  }, 40_000);

  it("clears when the producer resumes: the event closes, an audit entry and a second webhook", async () => {
    startProducing();
    await expect.poll(async () => (await rule()).state, { timeout: 10_000, interval: 100 }).toBe("ok");
    const event = await fx.prisma.alertEvent.findFirstOrThrow({ where: { ruleId } });
    expect(event.clearedAt).toBeInstanceOf(Date);
    expect(await fx.prisma.alertEvent.count()).toBe(1);
    expect(await fx.prisma.auditLog.count({ where: { orgId: fx.orgId, action: "alert.cleared", targetId: ruleId } })).toBe(1);
    await expect.poll(() => received.length, { timeout: 10_000, interval: 100 }).toBe(3);
    const cleared = received[2]!;
    expect(verify(cleared)).toBe(true);
    expect(alertWebhookPayloadSchema.parse(JSON.parse(cleared.body))).toMatchObject({ type: "alert.cleared", event: { id: event.id, clearedAt: event.clearedAt!.toISOString() } });
    // Delivered once per transition: more passes send nothing new.
    await expect.poll(async () => (await rule()).lastEvaluatedAt!.getTime() > Date.now() - 500, { timeout: 5_000 }).toBe(true);
    expect(received).toHaveLength(3);
  }, 40_000);
});
