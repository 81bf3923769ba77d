#!/usr/bin/env node
import { pino } from "pino";
import { ensureListPrices } from "@freshet/billing-store/price-book";
import { createPrismaClient } from "@freshet/db/client";
import { shutdownOnSignal } from "@freshet/program/shutdown";
import { parseEnv } from "./env.js";
import { createStripeClient, stripeConfigFromEnv, type StripeConfig } from "@freshet/billing-stripe/config";
import { createProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import { createLogMailer, createSmtpMailer } from "./mail/mailer.js";
import { createApiServer } from "./server.js";
import { hubBlobStore } from "@freshet/control-plane/hub/hub-storage";

// How long shutdown may take before the process exits anyway.
const SHUTDOWN_DEADLINE_MS = 10_000;

const logger = pino({ name: "freshet-api" });
let env: ReturnType<typeof parseEnv>;
// STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_API_BASE (see @freshet/billing-stripe); unset: no Stripe.
let stripeConfig: StripeConfig | null;
let hubBlobs: ReturnType<typeof hubBlobStore>;
try {
  env = parseEnv();
  stripeConfig = stripeConfigFromEnv(process.env);
  hubBlobs = hubBlobStore(process.env);
} catch (error) {
  process.stderr.write(`freshet-api: ${(error as Error).message}\n`);
  process.exit(2);
}
const mailer = env.SMTP_URL === undefined ? createLogMailer(logger) : createSmtpMailer(env.SMTP_URL, env.MAIL_FROM);
const prisma = createPrismaClient(env.DATABASE_URL);
// A fresh database gets the first list prices, so rating and the pricing page work from the first start.
await ensureListPrices(prisma);
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
  hubBlobs,
  ...(stripeConfig === null ? {} : { stripe: { stripe: createStripeClient(stripeConfig), webhookSecret: stripeConfig.webhookSecret } }),
});

const url = await api.listen(env.API_PORT, env.API_HOST);
logger.info({ url }, "listening (better-auth at /api/auth, tRPC at /api/trpc)");

// Requests in flight finish before the queue and the database connections close.
const steps = [() => api.close(), () => provisioning.close(), () => prisma.$disconnect(), () => mailer.close()];
process.exit(await shutdownOnSignal({ logger, timeoutMs: SHUTDOWN_DEADLINE_MS, steps }));
