#!/usr/bin/env node
import { pino } from "pino";
import { createPrismaClient } from "@freshet/db/client";
import { parseEnv } from "./env.js";
import { createProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import { createLogMailer, createSmtpMailer } from "./mail/mailer.js";
import { createApiServer } from "./server.js";

// How long shutdown may take before the process exits anyway.
const SHUTDOWN_DEADLINE_MS = 10_000;

const logger = pino({ name: "freshet-api" });
let env: ReturnType<typeof parseEnv>;
try {
  env = parseEnv();
} catch (error) {
  process.stderr.write(`freshet-api: ${(error as Error).message}\n`);
  process.exit(2);
}
const mailer = env.SMTP_URL === undefined ? createLogMailer(logger) : createSmtpMailer(env.SMTP_URL, env.MAIL_FROM);
const prisma = createPrismaClient(env.DATABASE_URL);
const provisioning = createProvisioningQueue(env.REDIS_URL, env.PROVISIONING_QUEUE);
const api = createApiServer({
  prisma,
  provisioning,
  betterAuthSecret: env.BETTER_AUTH_SECRET,
  controlPlaneSecret: env.CONTROL_PLANE_SECRET,
  consoleOrigin: env.CONSOLE_ORIGIN,
  mailer,
  proxySecret: env.PROXY_SECRET,
  logger,
});

const url = await api.listen(env.API_PORT, env.API_HOST);
logger.info({ url }, "listening (better-auth at /api/auth, tRPC at /api/trpc)");

let shuttingDown: Promise<void> | null = null;
/** Every step runs even when an earlier one fails; a second signal does not start another round. */
function shutdown(signal: string): Promise<void> {
  shuttingDown ??= (async () => {
    logger.info({ signal }, "shutting down");
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, "shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    const results = await Promise.allSettled([api.close()]);
    results.push(...(await Promise.allSettled([provisioning.close(), prisma.$disconnect()])));
    mailer.close();
    const failed = results.filter((result) => result.status === "rejected");
    for (const failure of failed) logger.error({ err: failure.reason }, "shutdown step failed");
    clearTimeout(deadline);
    process.exitCode = failed.length === 0 ? 0 : 1;
  })();
  return shuttingDown;
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
