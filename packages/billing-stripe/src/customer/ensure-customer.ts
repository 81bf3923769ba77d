import { err, ok, type Result } from "@freshet/billing/money";
import { Prisma, type BillingAccount, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import type Stripe from "stripe";
import { describeStripeFailure } from "./stripe-failure.js";

export interface StripeCustomerRef {
  readonly billingAccountId: string;
  readonly stripeCustomerId: string;
}

/** The organization's billing account, created with the defaults when it has none yet. */
export async function ensureBillingAccount(prisma: PrismaClient, orgId: string): Promise<Result<BillingAccount>> {
  const found = await prisma.billingAccount.findUnique({ where: { orgId } });
  if (found !== null) return ok(found);
  const org = await prisma.organization.findUnique({ where: { id: orgId }, select: { id: true } });
  if (org === null) return err(`There is no organization ${orgId}.`);
  try {
    return ok(await prisma.billingAccount.create({ data: { id: newId("billingAccount"), orgId } }));
  } catch (error) {
    // Two callers raced to create it; the other one's row is the account.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return ok(await prisma.billingAccount.findUniqueOrThrow({ where: { orgId } }));
    throw error;
  }
}

/**
 * The organization's Stripe customer, created once. The idempotency key is derived from the
 * billing account, so a crash between Stripe's answer and our update, or two racing callers,
 * still make a single customer (within Stripe's 24-hour key window).
 */
export async function ensureStripeCustomer(prisma: PrismaClient, stripe: Stripe, orgId: string): Promise<Result<StripeCustomerRef>> {
  const account = await ensureBillingAccount(prisma, orgId);
  if (!account.ok) return account;
  const { id: billingAccountId, stripeCustomerId } = account.value;
  if (stripeCustomerId !== null) return ok({ billingAccountId, stripeCustomerId });
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } });
  let customer: Stripe.Customer;
  try {
    customer = await stripe.customers.create({ name: org.name, metadata: { orgId, billingAccountId } }, { idempotencyKey: `${billingAccountId}:customer` });
  } catch (error) {
    return err(describeStripeFailure("create the customer", error));
  }
  await prisma.billingAccount.updateMany({ where: { id: billingAccountId, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  const stored = await prisma.billingAccount.findUniqueOrThrow({ where: { id: billingAccountId }, select: { stripeCustomerId: true } });
  return ok({ billingAccountId, stripeCustomerId: stored.stripeCustomerId ?? customer.id });
}
