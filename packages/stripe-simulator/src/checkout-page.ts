import type { CheckoutSession } from "./objects.js";

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The simulator's stand-in for Stripe's hosted Checkout page: one form that saves a card that succeeds or one that is declined. */
export function checkoutPage(session: CheckoutSession): string {
  const action = `/checkout/${escape(session.id)}/complete`;
  const body =
    session.status === "open"
      ? `<form method="post" action="${action}">
  <p>Save a card for customer ${escape(session.customer)}.</p>
  <label><input type="radio" name="card" value="succeed" checked> Visa ending 4242 (payments succeed)</label><br>
  <label><input type="radio" name="card" value="decline"> Visa ending 0341 (payments are declined)</label><br>
  <button type="submit">Save card</button>
</form>`
      : `<p>This Checkout Session is complete.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stripe simulator checkout</title></head>
<body><h1>Stripe simulator checkout</h1>
${body}
</body></html>
`;
}
