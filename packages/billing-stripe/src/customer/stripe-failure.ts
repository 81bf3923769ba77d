import Stripe from "stripe";

/** A Stripe error as one plain sentence (the SDK's message is already written for people). */
export function describeStripeFailure(what: string, error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) return `Stripe refused to ${what}: ${error.message}`;
  throw error;
}
