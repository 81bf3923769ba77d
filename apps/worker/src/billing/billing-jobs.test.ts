import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pino } from "pino";
import { Queue } from "bullmq";
import { createStripeClient } from "@freshet/billing-stripe/config";
import { ensureListPrices } from "@freshet/billing-store/price-book";
import { redisConnection } from "@freshet/control-plane/jobs/redis-connection";
import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { startStripeSimulator, type StripeSimulator } from "@freshet/stripe-simulator";
import { startBillingJobs } from "./billing-jobs.js";
import { addUsage, knownMonthOfUsage, orgWithCluster } from "./test-support/billing-fixtures.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let db: TestDatabase;
let prisma: PrismaClient;
let simulator: StripeSimulator;
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  await ensureListPrices(prisma);
  simulator = await startStripeSimulator();
});
afterAll(async () => {
  await simulator.close();
  await prisma.$disconnect();
  await db.drop();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it("runs the scheduled billing jobs: the settled month is closed and pushed to Stripe, and budgets are evaluated", async () => {
  const { orgId, clusterId } = await orgWithCluster(prisma, "scheduled");
  await knownMonthOfUsage(prisma, orgId, clusterId, "2026-03");
  // April so far: 730 SPU-hours in its first hour, 2920¢, past the 100¢ cap.
  await addUsage(prisma, orgId, clusterId, "spu_hours", "2026-04-01T00:00:00Z", "730");
  await prisma.billingAccount.create({ data: { id: newId("billingAccount"), orgId, hardCapMinor: 100 } });
  const queueName = `billing-test-${randomBytes(6).toString("hex")}`;
  const stripe = createStripeClient({ secretKey: "sk_test_jobs", webhookSecret: "whsec_jobs", apiBase: { host: simulator.host, port: simulator.port, protocol: "http" } });
  const worker = await startBillingJobs({
    redisUrl: REDIS_URL,
    queueName,
    prisma,
    stripe,
    logger: pino({ level: "silent" }),
    // April 1st, 02:00: March has settled (1 h); the budget rates April to date.
    now: () => Date.UTC(2026, 3, 1, 2),
    settleMs: 3_600_000,
    dunningGraceMs: 7 * 86_400_000,
    closeEveryMs: 60_000,
    dispatchEveryMs: 60_000,
    budgetEveryMs: 60_000,
    spendCaps: null,
  });
  try {
    const outbox = await until(
      () => prisma.billingOutbox.findMany({ where: { orgId } }),
      (rows) => rows.length > 0 && rows.every((row) => row.status === "done"),
    );
    expect(outbox.map((row) => row.status)).toEqual(Array.from({ length: 7 }, () => "done"));
    const invoice = await prisma.invoice.findFirst({ where: { orgId } });
    expect(invoice).toMatchObject({ totalMinor: 3370, periodStart: new Date(Date.UTC(2026, 2, 1)) });
    const stripeInvoice = await stripe.invoices.retrieve(invoice!.stripeInvoiceId!);
    expect(stripeInvoice.total).toBe(3370);
    // No card on file: Stripe leaves it open, and the account is past due at once.
    expect(stripeInvoice.status).toBe("open");
    expect(invoice?.status).toBe("payment_failed");
    const account = await until(
      () => prisma.billingAccount.findUniqueOrThrow({ where: { orgId } }),
      (found) => found.capState === "capped",
    );
    expect(account.capState).toBe("capped");
  } finally {
    await worker.close();
    await worker.close();
    const queue = new Queue(queueName, { connection: redisConnection(REDIS_URL) });
    await queue.obliterate({ force: true });
    await queue.close();
  }
});
