import { createHmac } from "node:crypto";

/**
 * The Stripe-Signature header for `payload` sent at `timestamp` (seconds): an HMAC-SHA256 of
 * `"<timestamp>.<payload>"` keyed with the endpoint secret as written (`whsec_…` included).
 */
export function stripeSignature(payload: string, secret: string, timestamp: number): string {
  const digest = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${digest}`;
}
