import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { AlertTarget } from "./alert-rule.js";

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs its webhooks. */
export const ALERT_SIGNATURE_HEADER = "x-freshet-signature";
/** The delivery's id: the same on every retry of one transition, so receivers can drop repeats. */
export const ALERT_DELIVERY_HEADER = "x-freshet-delivery";

/**
 * An org's webhook signing secret, derived like the cluster logins (HMAC of CONTROL_PLANE_SECRET)
 * and never stored: the API shows it once, the worker derives it again to sign. Rotating bumps
 * `version`, which changes it.
 */
export function alertWebhookSecret(controlPlaneSecret: string, orgId: string, version: number): string {
  return `whsec_${createHmac("sha256", controlPlaneSecret).update(`alert-webhook:${orgId}:${version.toString()}`).digest("hex")}`;
}

export function signAlertPayload(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds.toString()},v1=${createHmac("sha256", secret).update(`${unixSeconds.toString()}.${body}`).digest("hex")}`;
}

/** Whether `header` signs `body` with `secret`, no older than `toleranceSeconds` at `nowSeconds` (what a receiver checks). */
export function verifyAlertSignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((part) => part.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || parts.v1 === undefined) return false;
  const expected = Buffer.from(signAlertPayload(secret, body, t).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The JSON body POSTed for a transition. */
export const alertWebhookPayloadSchema = z.object({
  deliveryId: z.string(),
  type: z.enum(["alert.fired", "alert.cleared"]),
  event: z.object({ id: z.string(), firedAt: z.iso.datetime(), clearedAt: z.iso.datetime().nullable(), value: z.number(), summary: z.string() }),
  rule: z.object({ id: z.string(), name: z.string(), kind: z.string(), clusterId: z.string(), target: z.custom<AlertTarget>() }),
});
export type AlertWebhookPayload = z.infer<typeof alertWebhookPayloadSchema>;
