#!/usr/bin/env node
import { createPrismaClient } from "@freshet/db/client";
import { shutdownOnSignal } from "@freshet/program/shutdown";
import { createStripeClient, stripeConfigFromEnv, type StripeConfig } from "@freshet/billing-stripe/config";
import { pino } from "pino";
import { startBillingJobs } from "./billing/billing-jobs.js";
import { LocalDriver } from "./drivers/local/local-driver.js";
import { parseEnv } from "./env.js";
import { startMetering } from "./metering/metering-worker.js";
import { ClusterMetricsCollector } from "./cluster-metrics/cluster-metrics-collector.js";
import { startClusterMetrics } from "./cluster-metrics/cluster-metrics-job.js";
import { AlertEvaluator } from "./alerts/alert-evaluator.js";
import { tenantAlertSignals } from "./alerts/alert-signals.js";
import { AlertWebhooks } from "./alerts/alert-webhooks.js";
import { startAlerts } from "./alerts/alerts-job.js";
import { hubBlobStore } from "@freshet/control-plane/hub/hub-storage";
import { startHubUpdates } from "./hub/hub-update-job.js";
import { SpendCapEnforcer } from "./spend-cap/spend-cap-enforcer.js";
import { tenantProducerQuotas } from "./spend-cap/tenant-producer-quotas.js";
import { createTenantConnector } from "@freshet/control-plane/tenant-connector";
import type { ScheduledJobs } from "./jobs/scheduled-jobs.js";
import { UsageCollector } from "./metering/usage-collector.js";
import { ProvisioningWorker } from "./provisioning-worker.js";

/** Entry point of the provisioning worker: runs until SIGTERM/SIGINT, then drains within SHUTDOWN_TIMEOUT_MS. */
async function main(): Promise<number> {
  let env;
  let stripeConfig: StripeConfig | null;
  try {
    env = parseEnv();
    stripeConfig = stripeConfigFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`freshet-worker: ${(error as Error).message}\n`);
    return 2;
  }
  const logger = pino({ level: env.LOG_LEVEL, base: { service: "worker" } });
  const prisma = createPrismaClient(env.DATABASE_URL);
  const provisioner = new LocalDriver({ dataRoot: env.FRESHET_CLOUD_DATA, spuEntry: env.FRESHET_SPU_ENTRY, logger });
  let worker: ProvisioningWorker;
  let billing: ScheduledJobs;
  try {
    worker = await ProvisioningWorker.start({
      redisUrl: env.REDIS_URL,
      queueName: env.PROVISIONING_QUEUE,
      prisma,
      provisioner,
      connectorHost: provisioner.connectors,
      dataflowHost: provisioner.dataflows,
      controlPlaneSecret: env.CONTROL_PLANE_SECRET,
      logger,
      concurrency: env.WORKER_CONCURRENCY,
      lockMs: env.WORKER_LOCK_MS,
      stalledCheckMs: env.WORKER_STALLED_CHECK_MS,
      reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
    });
    billing = await startBillingJobs({
      redisUrl: env.REDIS_URL,
      queueName: env.BILLING_QUEUE,
      prisma,
      stripe: stripeConfig === null ? null : createStripeClient(stripeConfig),
      logger,
      settleMs: env.BILLING_SETTLE_MS,
      dunningGraceMs: env.BILLING_DUNNING_GRACE_MS,
      closeEveryMs: env.BILLING_CLOSE_EVERY_MS,
      dispatchEveryMs: env.BILLING_DISPATCH_EVERY_MS,
      budgetEveryMs: env.BILLING_BUDGET_EVERY_MS,
      spendCaps: new SpendCapEnforcer({
        prisma,
        quotas: tenantProducerQuotas(createTenantConnector(env.CONTROL_PLANE_SECRET)),
        floorBytesPerSecond: env.SPEND_CAP_FLOOR_BYTES_PER_SECOND,
        logger,
      }),
    }).catch(async (error: unknown) => {
      await worker.close();
      throw error;
    });
  } catch (error) {
    logger.fatal({ err: error }, "worker failed to start");
    await prisma.$disconnect().catch(() => undefined);
    return 1;
  }
  let metering: ScheduledJobs | null = null;
  if (env.METERING_INTERVAL_MS > 0) {
    try {
      const collector = new UsageCollector({ prisma, targets: provisioner, logger });
      metering = await startMetering({ redisUrl: env.REDIS_URL, queueName: env.METERING_QUEUE, intervalMs: env.METERING_INTERVAL_MS, collector, logger });
    } catch (error) {
      logger.fatal({ err: error }, "usage collection failed to start");
      await billing.close().catch(() => undefined);
      await worker.close().catch(() => undefined);
      await prisma.$disconnect().catch(() => undefined);
      return 1;
    }
  }
  let clusterMetrics: ScheduledJobs | null = null;
  if (env.METRICS_INTERVAL_MS > 0) {
    try {
      const collector = new ClusterMetricsCollector({ prisma, targets: provisioner, logger });
      clusterMetrics = await startClusterMetrics({ redisUrl: env.REDIS_URL, queueName: env.METRICS_QUEUE, intervalMs: env.METRICS_INTERVAL_MS, collector, logger });
    } catch (error) {
      logger.fatal({ err: error }, "cluster metrics collection failed to start");
      await metering?.close().catch(() => undefined);
      await billing.close().catch(() => undefined);
      await worker.close().catch(() => undefined);
      await prisma.$disconnect().catch(() => undefined);
      return 1;
    }
  }
  let alerts: ScheduledJobs | null = null;
  if (env.ALERTS_INTERVAL_MS > 0) {
    try {
      const signals = tenantAlertSignals(createTenantConnector(env.CONTROL_PLANE_SECRET), prisma);
      alerts = await startAlerts({
        redisUrl: env.REDIS_URL,
        queueName: env.ALERTS_QUEUE,
        intervalMs: env.ALERTS_INTERVAL_MS,
        evaluator: new AlertEvaluator({ prisma, signals, logger }),
        webhooks: new AlertWebhooks({ prisma, controlPlaneSecret: env.CONTROL_PLANE_SECRET, logger }),
        logger,
      });
    } catch (error) {
      logger.fatal({ err: error }, "alert evaluation failed to start");
      await clusterMetrics?.close().catch(() => undefined);
      await metering?.close().catch(() => undefined);
      await billing.close().catch(() => undefined);
      await worker.close().catch(() => undefined);
      await prisma.$disconnect().catch(() => undefined);
      return 1;
    }
  }
  let hubUpdates: ScheduledJobs | null = null;
  if (env.HUB_UPDATE_INTERVAL_MS > 0) {
    try {
      hubUpdates = await startHubUpdates({
        redisUrl: env.REDIS_URL,
        queueName: env.HUB_UPDATE_QUEUE,
        intervalMs: env.HUB_UPDATE_INTERVAL_MS,
        prisma,
        connector: createTenantConnector(env.CONTROL_PLANE_SECRET),
        blobs: hubBlobStore(process.env),
        logger,
      });
    } catch (error) {
      logger.fatal({ err: error }, "hub updates failed to start");
      await alerts?.close().catch(() => undefined);
      await clusterMetrics?.close().catch(() => undefined);
      await metering?.close().catch(() => undefined);
      await billing.close().catch(() => undefined);
      await worker.close().catch(() => undefined);
      await prisma.$disconnect().catch(() => undefined);
      return 1;
    }
  }
  logger.info(
    {
      queue: env.PROVISIONING_QUEUE,
      billingQueue: env.BILLING_QUEUE,
      stripe: stripeConfig === null ? "none" : (stripeConfig.apiBase?.host ?? "api.stripe.com"),
      meteringIntervalMs: env.METERING_INTERVAL_MS,
      metricsIntervalMs: env.METRICS_INTERVAL_MS,
      alertsIntervalMs: env.ALERTS_INTERVAL_MS,
      hubUpdateIntervalMs: env.HUB_UPDATE_INTERVAL_MS,
      data: env.FRESHET_CLOUD_DATA,
    },
    "worker ready",
  );

  return shutdownOnSignal({
    logger,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    steps: [() => hubUpdates?.close(), () => alerts?.close(), () => clusterMetrics?.close(), () => metering?.close(), () => billing.close(), () => worker.close(), () => prisma.$disconnect()],
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`freshet-worker: fatal: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
