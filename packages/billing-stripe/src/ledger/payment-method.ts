import type Stripe from "stripe";

/** What the console shows for a saved payment method, e.g. "visa •••• 4242". */
export function paymentMethodSummary(method: Stripe.PaymentMethod): string {
  if (method.card != null) return `${method.card.brand} •••• ${method.card.last4}`;
  return method.type;
}
