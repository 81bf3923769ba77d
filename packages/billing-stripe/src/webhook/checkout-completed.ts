import type Stripe from "stripe";
import { recordBillingAudit, type Db } from "../ledger/audit.js";
import { paymentMethodSummary } from "../ledger/payment-method.js";

export interface SavedPaymentMethod {
  readonly customerId: string;
  readonly paymentMethodId: string;
  readonly summary: string;
}

function idOf(value: string | { id: string } | null): string | null {
  return value === null ? null : typeof value === "string" ? value : value.id;
}

/**
 * The card a setup-mode Checkout saved. Stripe leaves it on the SetupIntent; it becomes the
 * customer's default for invoices here (the idempotency key makes a replay repeat nothing).
 */
export async function readCheckoutCompleted(stripe: Stripe, event: Stripe.CheckoutSessionCompletedEvent): Promise<SavedPaymentMethod | null> {
  const session = event.data.object;
  const customerId = idOf(session.customer);
  const setupIntentId = idOf(session.setup_intent);
  if (session.mode !== "setup" || customerId === null || setupIntentId === null) return null;
  const intent = await stripe.setupIntents.retrieve(setupIntentId);
  const paymentMethodId = idOf(intent.payment_method);
  if (paymentMethodId === null) return null;
  const method = await stripe.paymentMethods.retrieve(paymentMethodId);
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: paymentMethodId } }, { idempotencyKey: `${event.id}:default-payment-method` });
  return { customerId, paymentMethodId, summary: paymentMethodSummary(method) };
}

export async function applyCheckoutCompleted(db: Db, saved: SavedPaymentMethod | null, at: Date): Promise<void> {
  if (saved === null) return;
  const account = await db.billingAccount.findUnique({ where: { stripeCustomerId: saved.customerId }, select: { id: true, orgId: true } });
  if (account === null) return;
  await db.billingAccount.update({ where: { id: account.id }, data: { paymentMethodId: saved.paymentMethodId, paymentMethodSummary: saved.summary } });
  await recordBillingAudit(db, { orgId: account.orgId, action: "billing.payment_method_saved", targetType: "billing_account", targetId: account.id, metadata: { summary: saved.summary }, at });
}
