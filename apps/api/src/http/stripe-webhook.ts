import type { IncomingMessage, ServerResponse } from "node:http";
import { handleStripeWebhook, type WebhookDeps } from "@freshet/billing-stripe/webhook";
import { sendJson } from "./node-fetch.js";

/** Stripe's events are a few kilobytes; an invoice with many lines stays far below this. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

async function readRawBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_WEBHOOK_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /api/stripe/webhook. The signature covers the exact bytes Stripe sent, so the body is read
 * raw and never parsed before it is verified. A 400 tells Stripe the delivery is bad; a 500 (an
 * error thrown here) makes Stripe retry it later.
 */
export async function serveStripeWebhook(deps: WebhookDeps | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (deps === undefined) return sendJson(res, 404, { code: "NOT_FOUND", message: "Stripe is not configured on this server." });
  if (req.method !== "POST") return sendJson(res, 405, { code: "METHOD_NOT_SUPPORTED", message: "Stripe webhooks are POSTed." }, { allow: "POST" });
  const body = await readRawBody(req);
  if (body === null) return sendJson(res, 413, { code: "PAYLOAD_TOO_LARGE", message: "The webhook body is too large." });
  const signature = req.headers["stripe-signature"];
  const outcome = await handleStripeWebhook(deps, body, Array.isArray(signature) ? signature[0] : signature);
  sendJson(res, outcome.status, outcome.body);
}
