import type { PrismaClient } from "@freshet/db/client";
import Stripe from "stripe";
import { applyCheckoutCompleted, readCheckoutCompleted } from "./checkout-completed.js";
import { applyInvoiceEvent, readInvoiceEvent } from "./invoice-events.js";

export interface WebhookDeps {
  readonly prisma: PrismaClient;
  readonly stripe: Stripe;
  readonly webhookSecret: string;
}

export type WebhookOutcome = { readonly status: 200; readonly body: { readonly received: true; readonly duplicate: boolean } } | { readonly status: 400; readonly body: { readonly message: string } };

/**
 * One delivery of Stripe's webhook: the raw body is verified against the signature, the event is
 * recorded by id, and its effect is applied exactly once. Whatever Stripe must be asked is read
 * first; then one transaction claims the event (sets processedAt where it was null) and applies it,
 * so a replay, or two deliveries at once, find it claimed and change nothing.
 */
export async function handleStripeWebhook(deps: WebhookDeps, rawBody: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
  if (signature === undefined || signature === "") return { status: 400, body: { message: "The request has no Stripe-Signature header." } };
  let event: Stripe.Event;
  try {
    event = deps.stripe.webhooks.constructEvent(rawBody, signature, deps.webhookSecret);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) return { status: 400, body: { message: "The Stripe signature does not verify." } };
    throw error;
  }
  const { prisma } = deps;
  await prisma.stripeEvent.createMany({
    data: [{ id: event.id, type: event.type, stripeCreatedAt: new Date(event.created * 1000), payload: JSON.parse(rawBody.toString("utf8")) as object }],
    skipDuplicates: true,
  });
  const stored = await prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id }, select: { processedAt: true } });
  if (stored.processedAt !== null) return { status: 200, body: { received: true, duplicate: true } };

  const apply = await prepare(deps, event);
  const claimed = await prisma.$transaction(async (tx) => {
    const claim = await tx.stripeEvent.updateMany({ where: { id: event.id, processedAt: null }, data: { processedAt: new Date() } });
    if (claim.count === 0) return false;
    await apply(tx);
    return true;
  });
  return { status: 200, body: { received: true, duplicate: !claimed } };
}

type Apply = (tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0]) => Promise<void>;

/** Reads what the event's effect needs from Stripe, and returns the effect as a database step. */
async function prepare(deps: WebhookDeps, event: Stripe.Event): Promise<Apply> {
  switch (event.type) {
    case "checkout.session.completed": {
      const saved = await readCheckoutCompleted(deps.stripe, event);
      return (tx) => applyCheckoutCompleted(tx, saved, new Date(event.created * 1000));
    }
    case "invoice.finalized":
    case "invoice.paid":
    case "invoice.payment_failed": {
      const facts = await readInvoiceEvent(deps.stripe, event);
      return (tx) => applyInvoiceEvent(tx, facts);
    }
    default:
      // Other events are recorded (the endpoint may be subscribed to more than billing uses) and left alone.
      return async () => undefined;
  }
}
