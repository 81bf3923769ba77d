import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsBlobStore } from "@freshet/hub/storage";
import { pino } from "pino";
import type Stripe from "stripe";
import { createStripeClient } from "@freshet/billing-stripe/config";
import { ensureListPrices } from "@freshet/billing-store/price-book";
import { createSetupCheckout } from "@freshet/billing-stripe/customer";
import { createProvisioningQueue, type ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { MailCatcher } from "@freshet/local-cloud/mail-catcher";
import { startStripeSimulator, type StripeSimulator } from "@freshet/stripe-simulator";
import type { Queue } from "bullmq";
import { createSmtpMailer } from "../../src/mail/mailer.js";
import { createApiServer, type ApiServer } from "../../src/server.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const WEBHOOK_SECRET = "whsec_billing_e2e";

/**
 * The API with Stripe configured against the simulator, whose webhooks reach the API's route
 * through a relay the test can hold: while held, deliveries are acknowledged and dropped, so the
 * test can later replay them (simulator.replay) in any order.
 */
export interface StripeBillingStack {
  readonly prisma: PrismaClient;
  readonly simulator: StripeSimulator;
  readonly stripe: Stripe;
  /** The API's base URL (what `signUp` and `trpcClient` take). */
  readonly url: string;
  /** The mail the API sent, so people can sign up through it. */
  readonly mailbox: MailCatcher;
  /** The API's provisioning queue, for a real provisioning worker (`startTestProvisioning`). */
  readonly queue: Queue;
  hold(held: boolean): void;
  close(): Promise<void>;
}

export async function startStripeBillingStack(): Promise<StripeBillingStack> {
  const db: TestDatabase = await createTestDatabase();
  const prisma = createPrismaClient(db.url);
  await ensureListPrices(prisma);
  let apiUrl = "";
  let held = false;
  const relay: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (held) return void res.writeHead(200).end();
      fetch(`${apiUrl}/api/stripe/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": String(req.headers["stripe-signature"] ?? "") },
        body: Buffer.concat(chunks),
      }).then(
        async (answer) => res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text()),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/`;
  const simulator = await startStripeSimulator({ webhooks: [{ url: relayUrl, secret: WEBHOOK_SECRET }], retryDelaysMs: [50, 200] });
  const stripe = createStripeClient({ secretKey: "sk_test_billing_e2e", webhookSecret: WEBHOOK_SECRET, apiBase: { host: simulator.host, port: simulator.port, protocol: "http" } });
  const logger = pino({ level: "warn" });
  const mailbox = await MailCatcher.start();
  const mailer = createSmtpMailer(mailbox.url, "Freshet tests <no-reply@freshet.test>");
  const provisioning: ProvisioningQueue = createProvisioningQueue(REDIS_URL, `provisioning-billing-${randomBytes(6).toString("hex")}`);
  const api: ApiServer = createApiServer({
    prisma,
    provisioning,
    betterAuthSecret: "test-better-auth-secret-0123456789abcdef",
    controlPlaneSecret: "test-control-plane-secret-0123456789abcdef",
    consoleOrigin: "http://127.0.0.1:3000",
    mailer,
    logger,
    drainMs: 1_000,
    stripe: { stripe, webhookSecret: WEBHOOK_SECRET },
    // Billing tests never publish to the Hub: nothing is ever written there.
    hubBlobs: new FsBlobStore(join(tmpdir(), "freshet-hub-unused")),
  });
  apiUrl = await api.listen(0, "127.0.0.1");
  return {
    prisma,
    simulator,
    stripe,
    url: apiUrl,
    mailbox,
    queue: provisioning.queue,
    hold: (value) => void (held = value),
    async close() {
      await simulator.close();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      await api.close();
      mailer.close();
      await mailbox.close();
      await provisioning.queue.obliterate({ force: true });
      await provisioning.close();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/** Saves a card for `orgId` as a customer does: a Checkout session in setup mode, completed on the simulator's page. */
export async function saveCard(stack: StripeBillingStack, orgId: string, card: "succeed" | "decline" = "succeed"): Promise<string> {
  const checkout = await createSetupCheckout(stack.prisma, stack.stripe, { orgId, successUrl: "http://127.0.0.1:3000/billing?saved=1", cancelUrl: "http://127.0.0.1:3000/billing" });
  if (!checkout.ok) throw new Error(checkout.error);
  await fetch(`${checkout.value.url}/complete`, { method: "POST", body: new URLSearchParams({ card }), redirect: "manual" });
  await stack.simulator.settled();
  const account = await stack.prisma.billingAccount.findUniqueOrThrow({ where: { orgId } });
  return account.stripeCustomerId ?? "";
}

type Resource = "invoices" | "invoiceItems";

/**
 * The client with one method made to fail on its `n`-th call, as a process killed there would:
 * "after" lets the call reach Stripe first (the answer is lost), "before" fails before sending.
 */
export function crashingOn(stripe: Stripe, resource: Resource, method: string, n: number, when: "before" | "after"): Stripe {
  let calls = 0;
  const target = stripe[resource] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const wrapped = new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property) as unknown;
      if (property !== method || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        calls++;
        if (calls === n && when === "before") throw new Error(`killed before ${resource}.${method}`);
        const result = (await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args)) as unknown;
        if (calls === n) throw new Error(`killed after ${resource}.${method}`);
        return result;
      };
    },
  });
  return new Proxy(stripe, { get: (object, property) => (property === resource ? wrapped : (Reflect.get(object, property) as unknown)) });
}
