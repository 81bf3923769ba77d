import { z } from "zod";
import { existing, metadataParam, parameters, type SimulatorContext } from "../context.js";
import type { CheckoutSession, PaymentMethod, SetupIntent } from "../objects.js";
import { invalidRequest } from "../stripe-error.js";

const createParams = z.looseObject({
  mode: z.literal("setup", { error: "the simulator only supports mode=setup" }),
  customer: z.string(),
  currency: z.string().optional(),
  success_url: z.string().optional(),
  cancel_url: z.string().optional(),
  metadata: metadataParam,
});

/** What the simulated card does when charged: Stripe's 4242 card succeeds, its 0341 card attaches but is declined. */
export type CardOutcome = "succeed" | "decline";

const cards: Record<CardOutcome, PaymentMethod["card"]> = {
  succeed: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034 },
  decline: { brand: "visa", last4: "0341", exp_month: 12, exp_year: 2034 },
};

export function isDecliningCard(method: PaymentMethod): boolean {
  return method.card.last4 === cards.decline.last4;
}

export function createCheckoutSession(context: SimulatorContext, input: unknown): CheckoutSession {
  const params = parameters(createParams, input);
  existing(context, "customer", params.customer, "customer", "customer");
  const id = context.ids("cs_test");
  const setupIntent: SetupIntent = {
    id: context.ids("seti"),
    object: "setup_intent",
    created: context.clock(),
    livemode: false,
    customer: params.customer,
    status: "requires_payment_method",
    payment_method: null,
    usage: "off_session",
  };
  context.store.put("setup_intent", setupIntent);
  const session: CheckoutSession = {
    id,
    object: "checkout.session",
    created: context.clock(),
    livemode: false,
    mode: "setup",
    status: "open",
    customer: params.customer,
    currency: params.currency ?? null,
    url: `${context.baseUrl()}/checkout/${id}`,
    success_url: params.success_url ?? null,
    cancel_url: params.cancel_url ?? null,
    setup_intent: setupIntent.id,
    metadata: params.metadata ?? {},
  };
  context.store.put("checkout_session", session);
  return session;
}

export function retrieveCheckoutSession(context: SimulatorContext, id: string): CheckoutSession {
  return existing(context, "checkout_session", id, "checkout.session");
}

/** What the customer does on the hosted page: a card is saved and becomes the customer's default for invoices. */
export function completeCheckoutSession(context: SimulatorContext, id: string, outcome: CardOutcome): CheckoutSession {
  const session = retrieveCheckoutSession(context, id);
  if (session.status !== "open") throw invalidRequest(`This Checkout Session is no longer active: '${id}'`, undefined, "checkout_session_inactive");
  const method: PaymentMethod = { id: context.ids("pm"), object: "payment_method", created: context.clock(), livemode: false, type: "card", customer: session.customer, card: cards[outcome] };
  context.store.put("payment_method", method);
  const intent = existing(context, "setup_intent", session.setup_intent, "setup_intent");
  context.store.put("setup_intent", { ...intent, status: "succeeded", payment_method: method.id });
  const customer = existing(context, "customer", session.customer, "customer");
  context.store.put("customer", { ...customer, invoice_settings: { default_payment_method: method.id } });
  const completed: CheckoutSession = { ...session, status: "complete", url: null };
  context.store.put("checkout_session", completed);
  context.emit("checkout.session.completed", completed);
  return completed;
}

export function retrieveSetupIntent(context: SimulatorContext, id: string): SetupIntent {
  return existing(context, "setup_intent", id, "setup_intent");
}

export function retrievePaymentMethod(context: SimulatorContext, id: string): PaymentMethod {
  return existing(context, "payment_method", id, "PaymentMethod");
}
