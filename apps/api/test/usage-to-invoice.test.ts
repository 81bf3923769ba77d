import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { pino } from "pino";
import type Stripe from "stripe";
import { Decimal } from "@freshet/billing/money";
import { ensureListPrices } from "@freshet/billing-store/price-book";
import { formatMonth, monthContaining } from "@freshet/billing-store/period";
import { newId } from "@freshet/db/ids";
import { closeDuePeriods, dispatchOutbox } from "@freshet/worker/billing";
import { UsageCollector } from "@freshet/worker/metering/usage-collector";
import { produceBatch } from "@freshet/worker/internal/record-batch";
import { signUp, trpcClient, type Client } from "./support/api-harness.js";
import { startTestProvisioning, type TestProvisioning } from "./support/provisioning.js";
import { saveCard, startStripeBillingStack, type StripeBillingStack } from "./support/stripe-billing.js";

// Issue 12's chain in one test: bytes a real Kafka client produces to a tenant cluster (real SPU
// processes started by the real provisioning worker), counted by the usage collector, shown by the
// usage page's API, rated and closed into our ledger, and pushed through the outbox into exactly
// one Stripe invoice (the simulator, through the official SDK) that equals the ledger to the cent.

const GIB = new Decimal(2).pow(30);
const HOUR = 3_600_000;
const SETTLE_MS = HOUR;
const TOPIC = "orders";
const RECORDS = 10;
const logger = pino({ level: "silent" });

let stack: StripeBillingStack;
let provisioning: TestProvisioning;
let owner: Client;
let orgId: string;

beforeAll(async () => {
  stack = await startStripeBillingStack();
  await ensureListPrices(stack.prisma);
  provisioning = await startTestProvisioning(stack, "api-usage-to-invoice");
  owner = trpcClient(stack, { cookie: await signUp(stack, "ada@example.com") });
  orgId = (await owner.orgs.create.mutate({ name: "Acme", slug: "acme" })).id;
  await owner.orgs.setActive.mutate({ organizationId: orgId });
});

afterAll(async () => {
  await provisioning?.close();
  await stack?.close();
});

/** A pro cluster from the API, provisioned by the real worker, with a topic made by a credential's Kafka login. */
async function runningCluster(): Promise<Kafka> {
  const clusterId = (await owner.clusters.create.mutate({ name: "main", region: "local", plan: "pro", spus: 1 })).id;
  const credential = await owner.credentials.create.mutate({ clusterId, name: "producer" });
  await expect.poll(async () => (await stack.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } })).status, { timeout: 60_000, interval: 100 }).toBe("Running");
  const row = await stack.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
  const kafka = new Kafka({
    clientId: "usage-to-invoice",
    brokers: [`${row.bootstrapHost}:${row.bootstrapPort}`],
    logLevel: logLevel.NOTHING,
    sasl: { mechanism: "scram-sha-256", username: "producer", password: credential.password },
    retry: { retries: 0 },
  });
  // The credential reaches the cluster through its own job: poll until the login works.
  await expect
    .poll(
      async () => {
        const admin = kafka.admin();
        try {
          await admin.connect();
          return await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true }).then(() => "created");
        } catch (error) {
          return (error as Error).message;
        } finally {
          await admin.disconnect();
        }
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBe("created");
  return kafka;
}

async function stripeInvoicesOf(customerId: string): Promise<Stripe.Invoice[]> {
  return (await stack.stripe.invoices.list({ customer: customerId, limit: 100 })).data;
}

async function stripeLinesOf(invoice: Stripe.Invoice): Promise<Array<[string, number]>> {
  const lines: Array<[string, number]> = [];
  for await (const line of stack.stripe.invoices.listLineItems(invoice.id ?? "", { limit: 100 })) lines.push([line.description ?? "", line.amount]);
  return lines;
}

describe("from produced bytes to one Stripe invoice (real Postgres, Redis, SPU processes, Stripe simulator)", () => {
  it("meters exactly the bytes produced, shows them on the usage API, and closes them into one invoice equal to the ledger", { timeout: 240_000 }, async () => {
    const period = monthContaining(Date.now());
    // A negotiated price that shows bytes as cents: 2^30¢ per GiB is 1¢ per byte in.
    await stack.prisma.priceVersion.create({
      data: { id: newId("priceVersion"), planId: "pro", orgId, dimension: "ingress_gib", effectiveFrom: new Date(period.start), price: { kind: "unit", unitPriceMinor: GIB.toFixed() } },
    });
    const customerId = await saveCard(stack, orgId);

    const kafka = await runningCluster();
    const bytes = await produceBatch(kafka, TOPIC, RECORDS);
    expect(bytes).toBe(10_151);
    const collector = new UsageCollector({ prisma: stack.prisma, targets: provisioning.driver, logger });
    expect(await collector.collect()).toMatchObject({ clusters: 1, readings: 1, unread: 0, failedClusters: 0 });

    // What the console's usage page asks for, as the signed-in member.
    const usage = await owner.billing.usage.query();
    const ingress = usage.totals.find((total) => total.dimension === "ingress_gib")!;
    expect(ingress.quantity).toBe(new Decimal(bytes).div(GIB).toFixed());
    expect(new Decimal(ingress.quantity).times(GIB).toFixed()).toBe(String(bytes));

    // The month closes early: the close job's own function, with a clock past the month's end and the settling time.
    const closeAt = period.end + SETTLE_MS;
    expect(await closeDuePeriods(stack.prisma, closeAt, SETTLE_MS, logger)).toMatchObject({ closed: 1, alreadyClosed: 0, failures: [] });
    const ours = await stack.prisma.invoice.findUniqueOrThrow({ where: { orgId_periodStart: { orgId, periodStart: new Date(period.start) } }, include: { lines: { orderBy: { position: "asc" } } } });
    const ingressLine = ours.lines.find((line) => line.dimension === "ingress_gib")!;
    expect([ingressLine.quantity?.toFixed(), ingressLine.amountMinor]).toEqual([ingress.quantity, bytes]);
    expect(ours.totalMinor).toBe(ours.lines.reduce((sum, line) => sum + line.amountMinor, 0));
    expect(ours.subtotalMinor + ours.creditsMinor).toBe(ours.totalMinor);

    const dispatch = () => dispatchOutbox({ prisma: stack.prisma, stripe: stack.stripe, logger, now: () => closeAt });
    expect(await dispatch()).toEqual({ sent: ours.lines.length + 3, failures: [] });
    await stack.simulator.settled();
    const invoices = await stripeInvoicesOf(customerId);
    expect(invoices).toHaveLength(1);
    const [invoice] = invoices as [Stripe.Invoice];
    expect([invoice.total, invoice.metadata?.period]).toEqual([ours.totalMinor, formatMonth(period)]);
    expect(await stripeLinesOf(invoice)).toEqual(ours.lines.map((line) => [line.description, line.amountMinor]));
    expect(invoice.amount_due).toBe(ours.totalMinor);
    // Stripe's webhooks mark it paid and reconcile it with the ledger, with zero tolerance.
    await expect
      .poll(
        async () => {
          const now = await stack.prisma.invoice.findUniqueOrThrow({ where: { id: ours.id } });
          return [now.status, now.reconciliation, now.stripeInvoiceId];
        },
        { timeout: 15_000, interval: 100 },
      )
      .toEqual(["paid", "matched", invoice.id]);

    // The close and the outbox run again (the jobs are repeatable): nothing new anywhere.
    expect(await closeDuePeriods(stack.prisma, closeAt, SETTLE_MS, logger)).toMatchObject({ closed: 0, alreadyClosed: 1, failures: [] });
    expect(await dispatch()).toEqual({ sent: 0, failures: [] });
    await stack.simulator.settled();
    const again = await stripeInvoicesOf(customerId);
    expect(again.map((i) => [i.id, i.total])).toEqual([[invoice.id, ours.totalMinor]]);
    expect(await stripeLinesOf(again[0]!)).toEqual(ours.lines.map((line) => [line.description, line.amountMinor]));
    console.log(
      `usage → invoice: ${bytes} bytes = ${ingress.quantity} GiB in; invoice ${invoice.id} total ${invoice.total}¢ (subtotal ${ours.subtotalMinor}¢, credits ${ours.creditsMinor}¢), lines ${JSON.stringify(ours.lines.map((l) => [l.dimension ?? l.kind, l.amountMinor]))}`,
    );
  });
});
