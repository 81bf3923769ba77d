import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureListPrices } from "@freshet/billing-store/price-book";
import { monthContaining } from "@freshet/billing-store/period";
import { Prisma } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { monthSummary } from "../src/billing/month-summary.js";
import { codeOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";

// Billing through the real API on a fresh Postgres: the month's cost split by dimension and cluster,
// usage, credits (trial at sign-up, the $750 onboarding credit), invoices, budget, paid-plan gates,
// price versions, and that no organization ever sees another's rows.

let api: TestApi;
let owner: Client;
let viewer: Client;
let other: Client;
let staff: Client;
let orgA: string;
let orgB: string;
let proA: string;
let proB: string;

const HOUR = 3_600_000;
const MARCH = monthContaining(Date.UTC(2026, 2, 15));
const thisMonth = () => monthContaining(Date.now());

async function organization(client: Client, name: string, slug: string): Promise<string> {
  const org = await client.orgs.create.mutate({ name, slug });
  await client.orgs.setActive.mutate({ organizationId: org.id });
  return org.id;
}

async function usage(orgId: string, clusterId: string, dimension: string, hourStart: number, quantity: string): Promise<void> {
  await api.prisma.usageHour.create({ data: { orgId, clusterId, dimension, hourStart: new Date(hourStart), quantity: new Prisma.Decimal(quantity) } });
}

/**
 * The same usage in an hour: pro clusters share the plan's tiers. In: 20 + 10 GiB, 10 free then 6¢
 * = 120¢ (shares 80/40). Out: 15 GiB on the first, 5 at 8¢ = 40¢. SPU-hours 1 + 1 at 4¢ = 8¢.
 * Partition-hours 10 + 5 at 0.15¢ = 2.25 → 2¢, split 1/1 (the larger remainder takes the cent).
 * Total 170¢: 125¢ for the first cluster, 45¢ for the second.
 */
async function knownHour(hourStart: number): Promise<void> {
  await usage(orgA, proA, "ingress_gib", hourStart, "20");
  await usage(orgA, proB, "ingress_gib", hourStart, "10");
  await usage(orgA, proA, "egress_gib", hourStart, "15");
  await usage(orgA, proA, "spu_hours", hourStart, "1");
  await usage(orgA, proB, "spu_hours", hourStart, "1");
  await usage(orgA, proA, "partition_hours", hourStart, "10");
  await usage(orgA, proB, "partition_hours", hourStart, "5");
}

beforeAll(async () => {
  api = await startTestApi();
  await ensureListPrices(api.prisma);
  owner = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  orgA = await organization(owner, "Acme", "acme");
  const invitation = await owner.members.invite.mutate({ email: "vic@example.com", role: "viewer" });
  viewer = trpcClient(api, { cookie: await signUp(api, "vic@example.com") });
  await viewer.invitations.accept.mutate({ invitationId: invitation.id });
  await viewer.orgs.setActive.mutate({ organizationId: orgA });
  other = trpcClient(api, { cookie: await signUp(api, "eve@example.com") });
  orgB = await organization(other, "Evil", "evil");
  staff = trpcClient(api, { cookie: await signUp(api, "sam@freshet.test") });
  await api.prisma.user.update({ where: { email: "sam@freshet.test" }, data: { isStaff: true } });
  // Pro clusters are allowed by the trial credit every new organization gets.
  proA = (await owner.clusters.create.mutate({ name: "pro-a", region: "local", plan: "pro" })).id;
  proB = (await owner.clusters.create.mutate({ name: "pro-b", region: "local", plan: "pro" })).id;
  await knownHour(MARCH.start + 24 * HOUR);
  await knownHour(thisMonth().start);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe("month-to-date cost", () => {
  it("splits March by dimension and cluster, forecasts the month at the same tiers, and applies no credit granted later", async () => {
    const summary = await monthSummary(api.prisma, orgA, MARCH.start + 10 * 24 * HOUR);
    expect(summary.ok).toBe(true);
    if (!summary.ok) return;
    expect(summary.value.subtotalMinor).toBe(170);
    expect(summary.value.byDimension.map((d) => [d.dimension, d.quantity, d.amountMinor])).toEqual([
      ["ingress_gib", "30", 120],
      ["egress_gib", "15", 40],
      ["partition_hours", "15", 2],
      ["spu_hours", "2", 8],
    ]);
    expect(Object.fromEntries(summary.value.byCluster.map((c) => [c.clusterId, c.amountMinor]))).toEqual({ [proA]: 125, [proB]: 45 });
    // 240 of March's 744 hours seen: ×3.1. In 93 GiB → 83 × 6 = 498; out 46.5 → 36.5 × 8 = 292;
    // SPU-hours 6.2 × 4 = 24.8 → 25; partition-hours 46.5 × 0.15 = 6.975 → 7. 822 in all.
    expect(summary.value.forecastMinor).toBe(822);
    // The trial credit starts when the organization was created, after March.
    expect([summary.value.creditsMinor, summary.value.dueMinor]).toEqual([0, 170]);
  });

  it("answers this month's summary over the API, the trial credit paying for it", async () => {
    const summary = await viewer.billing.summary.query();
    expect(summary).toMatchObject({ plans: ["pro"], subtotalMinor: 170, creditsMinor: -170, dueMinor: 0, capState: "uncapped", standing: "good" });
    expect(summary.byCluster.map((c) => [c.clusterName, c.amountMinor])).toEqual([
      ["pro-a", 125],
      ["pro-b", 45],
    ]);
    expect(summary.forecastMinor).toBeGreaterThanOrEqual(170);
  });

  it("reports usage in raw units with a daily series, for this month or a given one", async () => {
    const now = await owner.billing.usage.query({});
    expect(now.totals.find((t) => t.dimension === "ingress_gib")).toEqual({ dimension: "ingress_gib", unit: "GiB", quantity: "30" });
    expect(now.daily[0]).toMatchObject({ day: new Date(thisMonth().start).toISOString().slice(0, 10), quantities: { ingress_gib: "30", egress_gib: "15", spu_hours: "2" } });
    const march = await owner.billing.usage.query({ month: "2026-03" });
    expect(march.daily).toHaveLength(2);
    expect(march.daily[1]).toMatchObject({ day: "2026-03-02", quantities: { partition_hours: "15" } });
    expect((await owner.billing.usage.query({ month: "2026-04" })).daily).toEqual([]);
    await expect(owner.billing.usage.query({ month: "March" })).rejects.toThrow("Give the month as YYYY-MM, e.g. 2026-03.");
  });
});

describe("tenant isolation", () => {
  it("never shows another organization's usage, cost, credits or invoices", async () => {
    const invoiceId = newId("invoice");
    await api.prisma.invoice.create({
      data: {
        id: invoiceId,
        orgId: orgA,
        periodStart: new Date(MARCH.start),
        periodEnd: new Date(MARCH.end),
        status: "open",
        subtotalMinor: 170,
        creditsMinor: 0,
        totalMinor: 170,
        lines: { create: [{ id: newId("invoiceLine"), position: 0, kind: "usage", dimension: "ingress_gib", quantity: new Prisma.Decimal(30), amountMinor: 120, description: "Ingress" }] },
      },
    });
    const mine = await owner.billing.invoices.query();
    expect(mine.invoices.map((i) => [i.id, i.month, i.totalMinor, i.lines.length])).toEqual([[invoiceId, "2026-03", 170, 1]]);

    const answers = await Promise.all([
      other.billing.summary.query(),
      other.billing.usage.query({ month: "2026-03" }),
      other.billing.credits.query(),
      other.billing.invoices.query(),
      other.billing.onboarding.query(),
    ]);
    const text = JSON.stringify(answers);
    for (const id of [orgA, proA, proB, invoiceId]) expect(text).not.toContain(id);
    const [summary, usage, credits, invoices] = answers;
    expect([summary.subtotalMinor, usage.daily.length, invoices.invoices.length]).toEqual([0, 0, 0]);
    expect(credits.map((c) => [c.kind, c.amountMinor, c.balanceMinor])).toEqual([["trial", 5_000, 5_000]]);
  });

  it("grants each new organization a $50 trial credit for 30 days", async () => {
    const [trial] = await owner.billing.credits.query();
    expect(trial).toMatchObject({ kind: "trial", amountMinor: 5_000, balanceMinor: 5_000, expired: false });
    expect(new Date(trial!.expiresAt!).getTime() - new Date(trial!.effectiveAt).getTime()).toBe(30 * 24 * HOUR);
  });
});

describe("budget and paid resources", () => {
  it("lets owners and admins set the budget and cap, audited, and no one else", async () => {
    expect(await codeOf(() => viewer.billing.setBudget.mutate({ budgetMinor: 1, hardCapMinor: null }))).toBe("FORBIDDEN");
    await expect(owner.billing.setBudget.mutate({ budgetMinor: -5, hardCapMinor: null })).rejects.toThrow("Budget must be more than 0.");
    expect(await owner.billing.setBudget.mutate({ budgetMinor: 10_000, hardCapMinor: 25_000 })).toEqual({ budgetMinor: 10_000, hardCapMinor: 25_000 });
    expect(await viewer.billing.summary.query()).toMatchObject({ budgetMinor: 10_000, hardCapMinor: 25_000 });
    // Alerts the billing worker fired this month show with the summary; last month's do not.
    await api.prisma.budgetAlert.createMany({
      data: [
        { orgId: orgA, periodStart: new Date(thisMonth().start), level: 50, spendMinor: 5_100, firedAt: new Date() },
        { orgId: orgA, periodStart: new Date(MARCH.start), level: 100, spendMinor: 10_000, firedAt: new Date(MARCH.end - HOUR) },
      ],
    });
    expect((await viewer.billing.summary.query()).alerts.map((a) => [a.level, a.spendMinor])).toEqual([[50, 5_100]]);
    const entry = await api.prisma.auditLog.findFirstOrThrow({ where: { orgId: orgA, action: "billing.set-budget" } });
    expect(entry.metadata).toEqual({ budgetMinor: 10_000, hardCapMinor: 25_000 });
  });

  it("refuses a paid cluster without a payment method or credit, and any paid resource at the cap", async () => {
    const broke = trpcClient(api, { cookie: await signUp(api, "bo@example.com") });
    const orgC = await organization(broke, "Broke", "broke");
    await api.prisma.creditGrant.updateMany({ where: { orgId: orgC }, data: { expiresAt: new Date(Date.now() - HOUR), effectiveAt: new Date(Date.now() - 2 * HOUR) } });
    await expect(broke.clusters.create.mutate({ name: "paid", region: "local", plan: "pro" })).rejects.toThrow(
      "A paid plan needs a payment method or a credit with money left; add a payment method on the Billing page.",
    );
    expect(await codeOf(() => broke.clusters.create.mutate({ name: "paid", region: "local", plan: "pro" }))).toBe("PAYMENT_REQUIRED");
    expect((await broke.clusters.create.mutate({ name: "free", region: "local", plan: "free" })).plan).toBe("free");
    await api.prisma.billingAccount.create({ data: { id: newId("billingAccount"), orgId: orgC, paymentMethodId: "pm_card_visa" } });
    const paid = await broke.clusters.create.mutate({ name: "paid", region: "local", plan: "pro" });
    await api.prisma.billingAccount.update({ where: { orgId: orgC }, data: { capState: "capped" } });
    await expect(broke.topics.create.mutate({ clusterId: paid.id, name: "more", partitions: 3 })).rejects.toThrow(
      "This organization reached its spending cap, so no new paid partitions can be added; raise or remove the cap on the Billing page.",
    );
    await expect(broke.clusters.create.mutate({ name: "paid-2", region: "local", plan: "pro" })).rejects.toThrow(
      "This organization reached its spending cap, so no new paid clusters can be added; raise or remove the cap on the Billing page.",
    );
    expect(await api.prisma.cluster.count({ where: { orgId: orgC } })).toBe(2);
  });
});

describe("white-glove onboarding", () => {
  it("takes one request at a time; staff approve it once and the organization gets $750 once", async () => {
    const input = { workload: "clickstream from our web shop", volumes: "5 MB/s peak", contactTime: "weekdays 9-12 UTC" };
    expect(await codeOf(() => viewer.billing.requestOnboarding.mutate(input))).toBe("FORBIDDEN");
    const request = await owner.billing.requestOnboarding.mutate(input);
    expect(request).toMatchObject({ status: "pending", grantId: null });
    await expect(owner.billing.requestOnboarding.mutate(input)).rejects.toThrow("An onboarding request is already waiting for an answer.");

    expect(await codeOf(() => owner.staff.onboarding.list.query())).toBe("FORBIDDEN");
    expect(await codeOf(() => owner.staff.onboarding.decide.mutate({ requestId: request.id, decision: "approve" }))).toBe("FORBIDDEN");
    expect((await staff.staff.onboarding.list.query()).map((r) => [r.id, r.orgName, r.requestedBy, r.status])).toEqual([[request.id, "Acme", "ada@example.com", "pending"]]);

    // Two approvals at once, then a third: one grant.
    const [first, second] = await Promise.all([
      staff.staff.onboarding.decide.mutate({ requestId: request.id, decision: "approve" }),
      staff.staff.onboarding.decide.mutate({ requestId: request.id, decision: "approve" }),
    ]);
    const third = await staff.staff.onboarding.decide.mutate({ requestId: request.id, decision: "approve" });
    expect([first.changed, second.changed].sort()).toEqual([false, true]);
    expect(new Set([first.grantId, second.grantId, third.grantId]).size).toBe(1);
    expect(await api.prisma.creditGrant.count({ where: { orgId: orgA, kind: "onboarding" } })).toBe(1);

    const credit = (await viewer.billing.credits.query()).find((c) => c.kind === "onboarding");
    expect(credit).toMatchObject({ id: first.grantId, amountMinor: 75_000, balanceMinor: 75_000, expired: false });
    expect(await viewer.billing.onboarding.query()).toEqual([expect.objectContaining({ id: request.id, status: "approved", grantId: first.grantId, grantAmountMinor: 75_000 })]);
    const audits = await api.prisma.auditLog.findMany({ where: { orgId: orgA, action: "onboarding.approve" }, include: { actorUser: true } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorUser?.email).toBe("sam@freshet.test");
    expect(audits[0]!.metadata).toMatchObject({ decision: "approved", request: { workload: input.workload }, grant: { id: first.grantId, amountMinor: 75_000 } });

    await expect(owner.billing.requestOnboarding.mutate(input)).rejects.toThrow("This organization already received its onboarding credit.");
    await expect(staff.staff.onboarding.decide.mutate({ requestId: request.id, decision: "decline" })).rejects.toThrow("This request was already approved.");
  });

  it("lets staff decline with a note the customer sees, granting nothing", async () => {
    const request = await other.billing.requestOnboarding.mutate({ workload: "logs", volumes: "tiny", contactTime: "any time" });
    expect(await staff.staff.onboarding.decide.mutate({ requestId: request.id, decision: "decline", note: "Too small for white-glove; see the docs." })).toEqual({
      status: "declined",
      grantId: null,
      changed: true,
    });
    expect(await other.billing.onboarding.query()).toEqual([expect.objectContaining({ status: "declined", decisionNote: "Too small for white-glove; see the docs.", grantId: null })]);
    expect(await api.prisma.creditGrant.count({ where: { orgId: orgB, kind: "onboarding" } })).toBe(0);
    await expect(staff.staff.onboarding.decide.mutate({ requestId: "onb_missing", decision: "approve" })).rejects.toThrow("No such onboarding request.");
  });
});

describe("staff views", () => {
  it("lists invoices whose Stripe total disagreed with the ledger, to staff only", async () => {
    await api.prisma.invoice.updateMany({ where: { orgId: orgA }, data: { reconciliation: "mismatch", mismatchDetail: "Stripe total 171, ledger 170" } });
    expect(await codeOf(() => owner.staff.billing.mismatches.query())).toBe("FORBIDDEN");
    expect((await staff.staff.billing.mismatches.query()).map((m) => [m.orgName, m.month, m.totalMinor, m.detail])).toEqual([["Acme", "2026-03", 170, "Stripe total 171, ledger 170"]]);
  });

  it("adds a price version from a future hour, ending the one in force, and never rewrites history", async () => {
    const price = { kind: "unit" as const, unitPriceMinor: "7" };
    await expect(staff.staff.prices.create.mutate({ planId: "pro", dimension: "ingress_gib", effectiveFrom: "2020-01-01T00:00:00.000Z", price })).rejects.toThrow(
      "A price change cannot start in the past (2020-01-01T00:00:00.000Z).",
    );
    await expect(staff.staff.prices.create.mutate({ planId: "pro", dimension: "ingress_gib", effectiveFrom: "2099-01-01T00:30:00.000Z", price })).rejects.toThrow(
      "A price change must start on a UTC hour boundary; 2099-01-01T00:30:00.000Z does not.",
    );
    const before = await api.prisma.priceVersion.findMany({ orderBy: { id: "asc" } });
    const { id } = await staff.staff.prices.create.mutate({ planId: "pro", dimension: "ingress_gib", effectiveFrom: "2099-01-01T00:00:00.000Z", price });
    await expect(staff.staff.prices.create.mutate({ planId: "pro", dimension: "ingress_gib", effectiveFrom: "2098-01-01T00:00:00.000Z", price })).rejects.toThrow(
      "A later price of ingress_gib is already scheduled; change prices in time order.",
    );
    const after = await api.prisma.priceVersion.findMany({ orderBy: { id: "asc" } });
    expect(after).toHaveLength(before.length + 1);
    // Only the open version changed, and only by gaining its end.
    const changed = after.filter((row) => JSON.stringify(row) !== JSON.stringify(before.find((b) => b.id === row.id)));
    expect(new Map(changed.map((row) => [row.id, row.effectiveTo?.toISOString() ?? null]))).toEqual(
      new Map([
        ["prc_list_pro_ingress_gib", "2099-01-01T00:00:00.000Z"],
        [id, null],
      ]),
    );
    expect((await staff.staff.prices.list.query()).filter((v) => v.planId === "pro" && v.dimension === "ingress_gib").map((v) => v.id)).toEqual(["prc_list_pro_ingress_gib", id]);

    const anonymous = trpcClient(api, null);
    const pro = (await anonymous.pricing.plans.query()).find((plan) => plan.code === "pro")!;
    expect(pro.maxSpus).toBe(3);
    expect(pro.prices[0]).toMatchObject({
      unit: "GiB",
      current: {
        id: "prc_list_pro_ingress_gib",
        price: {
          kind: "graduated",
          tiers: [
            { upTo: "10", unitPriceMinor: "0" },
            { upTo: null, unitPriceMinor: "6" },
          ],
        },
      },
      next: { id, effectiveFrom: "2099-01-01T00:00:00.000Z", price },
    });
  });
});

describe("payment method", () => {
  it("starts a Checkout session in setup mode for owners and admins, for the organization's Stripe customer", async () => {
    expect(await codeOf(() => viewer.billing.startCheckout.mutate({}))).toBe("FORBIDDEN");
    const { url } = await owner.billing.startCheckout.mutate({});
    expect(url.startsWith(`http://${api.stripe.host}:${api.stripe.port}/`)).toBe(true);
    const account = await api.prisma.billingAccount.findUniqueOrThrow({ where: { orgId: orgA } });
    expect(account.stripeCustomerId).toMatch(/^cus_/);
    expect(await api.prisma.auditLog.count({ where: { orgId: orgA, action: "billing.start-checkout" } })).toBe(1);
  });
});

describe("promotion codes", () => {
  const DAY = 86_400_000;

  async function newOrganization(email: string, slug: string): Promise<{ client: Client; orgId: string }> {
    const client = trpcClient(api, { cookie: await signUp(api, email) });
    return { client, orgId: await organization(client, slug, slug) };
  }

  it("lets staff only create codes, folded to upper case, and lists them with their redemptions", async () => {
    expect(await codeOf(() => owner.staff.promotions.create.mutate({ code: "sneaky", amountMinor: 100, validDays: 1 }))).toBe("FORBIDDEN");
    expect(await codeOf(() => owner.staff.promotions.list.query())).toBe("FORBIDDEN");
    expect(await staff.staff.promotions.create.mutate({ code: " Launch-2026 ", amountMinor: 2_500, validDays: 60, maxRedemptions: 100 })).toEqual({ code: "LAUNCH-2026" });
    await expect(staff.staff.promotions.create.mutate({ code: "launch-2026", amountMinor: 1, validDays: 1 })).rejects.toThrow("The code LAUNCH-2026 already exists; choose other letters.");
    await expect(staff.staff.promotions.create.mutate({ code: "x", amountMinor: 1, validDays: 1 })).rejects.toThrow("A promotion code is 3 to 32 letters, digits, dashes or underscores.");
    expect((await staff.staff.promotions.list.query()).find((p) => p.code === "LAUNCH-2026")).toMatchObject({
      amountMinor: 2_500,
      validDays: 60,
      redeemableUntil: null,
      maxRedemptions: 100,
      redemptions: 0,
      createdBy: "sam@freshet.test",
    });
  });

  it("grants the code's amount for its days, once per organization, audited; viewers are refused", async () => {
    const { client, orgId } = await newOrganization("pia@example.com", "pia");
    await staff.staff.promotions.create.mutate({ code: "WELCOME", amountMinor: 4_000, validDays: 45 });
    expect(await codeOf(() => viewer.billing.redeemCode.mutate({ code: "WELCOME" }))).toBe("FORBIDDEN");

    const { grantId } = await client.billing.redeemCode.mutate({ code: "welcome" });
    const grant = await api.prisma.creditGrant.findUniqueOrThrow({ where: { id: grantId } });
    expect(grant).toMatchObject({ orgId, kind: "promotion", category: "promotional", amountMinor: 4_000, priority: 20, code: "WELCOME", onceKey: `${orgId}:promotion:WELCOME` });
    expect(grant.expiresAt!.getTime() - grant.effectiveAt.getTime()).toBe(45 * DAY);
    expect((await client.billing.credits.query()).find((c) => c.id === grantId)).toMatchObject({ kind: "promotion", amountMinor: 4_000, balanceMinor: 4_000, expired: false });

    await expect(client.billing.redeemCode.mutate({ code: "Welcome" })).rejects.toThrow("This organization already redeemed the code WELCOME.");
    expect(await api.prisma.creditGrant.count({ where: { orgId, code: "WELCOME" } })).toBe(1);
    expect(await api.prisma.auditLog.findMany({ where: { orgId, action: "billing.promotion_redeemed" } })).toEqual([
      expect.objectContaining({ targetType: "creditGrant", targetId: grantId, metadata: { code: "WELCOME", amountMinor: 4_000, expiresAt: grant.expiresAt!.toISOString() } }),
    ]);
    expect((await staff.staff.promotions.list.query()).find((p) => p.code === "WELCOME")?.redemptions).toBe(1);
  });

  it("refuses unknown and expired codes in a sentence, granting nothing", async () => {
    const { client, orgId } = await newOrganization("quin@example.com", "quin");
    await expect(client.billing.redeemCode.mutate({ code: "NOPE-NOPE" })).rejects.toThrow("There is no promotion code NOPE-NOPE; check its spelling.");
    await staff.staff.promotions.create.mutate({ code: "BYGONE", amountMinor: 1_000, validDays: 30, redeemableUntil: "2026-01-01T00:00:00.000Z" });
    await expect(client.billing.redeemCode.mutate({ code: "bygone" })).rejects.toThrow("The code BYGONE could be redeemed until 2026-01-01 and no longer can.");
    expect(await api.prisma.creditGrant.count({ where: { orgId, kind: "promotion" } })).toBe(0);
  });

  it("lets exactly one of several organizations redeeming at once have a code limited to one redemption", async () => {
    // Four at once, so that without the row lock at least two nearly always pass the count together.
    const racers = await Promise.all(["rae", "sol", "tam", "uma"].map((name) => newOrganization(`${name}@example.com`, name)));
    await staff.staff.promotions.create.mutate({ code: "ONLY-ONE", amountMinor: 1_000, validDays: 30, maxRedemptions: 1 });
    const outcomes = await Promise.allSettled(racers.map((racer) => racer.client.billing.redeemCode.mutate({ code: "ONLY-ONE" })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(new Set(outcomes.flatMap((o) => (o.status === "rejected" ? [(o.reason as Error).message] : [])))).toEqual(new Set(["The code ONLY-ONE has been redeemed as many times as it may be."]));
    expect(await api.prisma.creditGrant.count({ where: { code: "ONLY-ONE" } })).toBe(1);
  });
});
