import { err, ok, type Result } from "@freshet/billing/money";
import type { PrismaClient } from "@freshet/db/client";
import type Stripe from "stripe";
import { z } from "zod";
import { ensureStripeCustomer } from "./ensure-customer.js";
import { describeStripeFailure } from "./stripe-failure.js";

const inputSchema = z.object({
  orgId: z.string().min(1),
  successUrl: z.url({ protocol: /^https?$/ }),
  cancelUrl: z.url({ protocol: /^https?$/ }),
});

export type SetupCheckoutInput = z.input<typeof inputSchema>;

/**
 * A Checkout Session in setup mode for the organization's customer: the console redirects the
 * person to `url`, they save a card, and `checkout.session.completed` reports it to the webhook.
 */
export async function createSetupCheckout(prisma: PrismaClient, stripe: Stripe, input: SetupCheckoutInput): Promise<Result<{ url: string }>> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return err(`The checkout request is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}.`);
  const { orgId, successUrl, cancelUrl } = parsed.data;
  const customer = await ensureStripeCustomer(prisma, stripe, orgId);
  if (!customer.ok) return customer;
  const account = await prisma.billingAccount.findUniqueOrThrow({ where: { id: customer.value.billingAccountId }, select: { currency: true } });
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create({
      mode: "setup",
      customer: customer.value.stripeCustomerId,
      currency: account.currency,
      success_url: successUrl,
      cancel_url: cancelUrl,
      metadata: { orgId },
    });
  } catch (error) {
    return err(describeStripeFailure("start a checkout session", error));
  }
  if (session.url === null) return err(`Stripe returned checkout session ${session.id} without a URL.`);
  return ok({ url: session.url });
}
