import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import type Stripe from "stripe";
import { createStripeClient } from "@freshet/billing-stripe/config";
import { startStripeSimulator, type StripeSimulator } from "@freshet/stripe-simulator";
import { createTestDatabase } from "@freshet/db/internal/test-database";
import { MailCatcher } from "@freshet/local-cloud/mail-catcher";
import { freePort } from "@freshet/local-cloud/internal/ports";
import { LocalDriver } from "@freshet/worker/drivers/local/local-driver";
import { createProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import { CONSOLE_READY, spawnConsole } from "./console-server";
import { startProcess, type ManagedProcess } from "./process";
import { ensureServices } from "./services";

// Built entry points: the journey runs the processes as production runs them.
const API_DIR = fileURLToPath(new URL("../../../api/", import.meta.url));
const WORKER_DIR = fileURLToPath(new URL("../../../worker/", import.meta.url));
const REDIS_URL = "redis://127.0.0.1:6379";

export interface LocalCloud {
  readonly consoleUrl: string;
  /** The cloud's database, for tests that arrange what a collector or staff tool would have written. */
  readonly databaseUrl: string;
  /** The mail the API sent (verification links, invitations): an SMTP catcher on loopback, as `npm start` runs. */
  readonly mailbox: MailCatcher;
  /** The Stripe simulator the API and the worker talk to, as `npm start` runs it without Stripe keys. */
  readonly simulator: StripeSimulator;
  /** The official SDK pointed at that simulator, for a test to look at what the cloud sent to Stripe. */
  readonly stripe: Stripe;
  /** Processes of tenant clusters the worker runs from this cloud's data folder. */
  tenantProcesses(): Promise<number>;
  /** What the API, the worker and the console printed, for a failed test's report. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The whole cloud on loopback for one test file, wired as `npm start` wires it: a fresh migrated
 * database, the API (mail to a catcher here, X-Forwarded-For trusted from the console by a shared
 * secret), the provisioning worker (local driver, its own data folder, its own queue), the Stripe
 * simulator both talk to (webhooks signed to the API's route) and the built console in front, each
 * its own process started from its built entry point.
 */
export async function startLocalCloud(): Promise<LocalCloud> {
  await ensureServices();
  // Nothing here depends on anything else here; each is a round trip or a file system call.
  const [database, dataDir, mailbox, apiPort, consolePort] = await Promise.all([createTestDatabase(), mkdtemp(join(tmpdir(), "freshet-console-e2e-")), MailCatcher.start(), freePort(), freePort()]);
  const queueName = `provisioning-console-e2e-${randomBytes(6).toString("hex")}`;
  const metricsQueueName = `cluster-metrics-console-e2e-${randomBytes(6).toString("hex")}`;
  const alertsQueueName = `alerts-console-e2e-${randomBytes(6).toString("hex")}`;
  const consoleOrigin = `http://127.0.0.1:${consolePort}`;
  const proxySecret = randomBytes(32).toString("hex");
  const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
  const simulator = await startStripeSimulator({ webhooks: [{ url: `http://127.0.0.1:${apiPort}/api/stripe/webhook`, secret: webhookSecret }] });
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    // Never a developer's real Stripe keys: the simulator, as `npm start` runs without them.
    STRIPE_SECRET_KEY: "sk_test_console_e2e",
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: simulator.url,
    // The worker pushes closed periods to Stripe within a second, so a test that closes one need not wait a minute.
    BILLING_DISPATCH_EVERY_MS: "1000",
    NODE_ENV: "test",
    DATABASE_URL: database.url,
    REDIS_URL,
    PROVISIONING_QUEUE: queueName,
    CONTROL_PLANE_SECRET: "console-e2e-control-plane-secret-0123456789",
    FRESHET_CLOUD_DATA: dataDir,
    // The overview's charts get a point a second, so a test sees them move within seconds; its own queue, so
    // another test's worker never runs this cloud's collection.
    METRICS_INTERVAL_MS: "1000",
    METRICS_QUEUE: metricsQueueName,
    // Alert rules are judged every second (a stalled-topic alert with a few seconds' window fires within
    // a test), on a queue of this cloud's own.
    ALERTS_INTERVAL_MS: "1000",
    ALERTS_QUEUE: alertsQueueName,
    // Connector status, counters and logs reach the console on each reconcile pass (60 s by default).
    RECONCILE_INTERVAL_MS: "2000",
  };
  const processes: ManagedProcess[] = [];
  const stop = async () => {
    for (const running of processes.reverse()) await running.stop();
    await stopTenantClusters(dataDir);
    await simulator.close();
    for (const name of [queueName, metricsQueueName, alertsQueueName]) {
      const queue = createProvisioningQueue(REDIS_URL, name);
      await queue.queue.obliterate({ force: true });
      await queue.close();
    }
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    await mailbox.close();
  };
  try {
    const api = startProcess("api", process.execPath, ["--import", "./dist/polyfills/object-group-by.js", "dist/main.js"], {
      cwd: API_DIR,
      env: {
        ...shared,
        API_PORT: String(apiPort),
        CONSOLE_ORIGIN: consoleOrigin,
        PROXY_SECRET: proxySecret,
        SMTP_URL: mailbox.url,
        BETTER_AUTH_SECRET: "console-e2e-auth-secret-0123456789abcdef",
      },
    });
    processes.push(api);
    // The worker needs only the database and Redis, and the console reaches the API only when a
    // request comes, so the three start side by side: most of each start is loading its code.
    const worker = startProcess("worker", process.execPath, ["dist/main.js"], { cwd: WORKER_DIR, env: shared });
    processes.push(worker);
    const consoleServer = await spawnConsole(`http://127.0.0.1:${apiPort}`, consolePort, { API_PROXY_SECRET: proxySecret, FRESHET_LOCAL_MAIL: "terminal" });
    processes.push(consoleServer);
    await Promise.all([api.waitForLine(/listening/, 30_000), worker.waitForLine(/worker ready/, 30_000), consoleServer.waitForLine(CONSOLE_READY, 30_000)]);
    return {
      consoleUrl: consoleOrigin,
      databaseUrl: database.url,
      mailbox,
      simulator,
      stripe: createStripeClient({ secretKey: "sk_test_console_e2e", webhookSecret, apiBase: { host: simulator.host, port: simulator.port, protocol: "http" } }),
      tenantProcesses: async () => (await tenantDriver(dataDir).processes()).length,
      output: () => processes.map((running) => `--- ${running.name}\n${running.output()}`).join("\n"),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Tenant clusters run detached and outlive the worker by design. The journey deletes its cluster,
 * so normally nothing is left; after a failed run this stops whatever still runs from our data folder.
 */
async function stopTenantClusters(dataDir: string): Promise<void> {
  const driver = tenantDriver(dataDir);
  for (const clusterId of await driver.clusterIds()) await driver.stop(clusterId);
}

/** The worker's own driver, pointed at our data folder: it finds tenant processes by their --data-dir. */
function tenantDriver(dataDir: string): LocalDriver {
  return new LocalDriver({ dataRoot: dataDir, logger: pino({ level: "silent" }), stopTimeoutMs: 5_000 });
}
