import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { SimulatorContext } from "./context.js";
import { checkoutPage } from "./checkout-page.js";
import { parseForm } from "./form.js";
import { canonicalParameters, idempotencyMismatch } from "./idempotency.js";
import { completeCheckoutSession, retrieveCheckoutSession } from "./resources/checkout.js";
import { findRoute } from "./routes.js";
import { StripeFailure, type StripeErrorBody } from "./stripe-error.js";

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

const json = (status: number, value: unknown): Reply => ({ status, body: JSON.stringify(value, null, 2), headers: { "content-type": "application/json" } });
const stripeError = (status: number, error: StripeErrorBody): Reply => json(status, { error });

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function authorize(request: IncomingMessage): Reply | undefined {
  const header = request.headers.authorization;
  if (header === undefined) {
    return stripeError(401, {
      type: "invalid_request_error",
      message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    });
  }
  const key = /^Bearer (.+)$/.exec(header)?.[1] ?? "";
  if (!/^sk_test_\w+$/.test(key)) {
    return stripeError(401, { type: "invalid_request_error", message: `Invalid API Key provided: ${key.slice(0, 8)}***${key.slice(-4)}` });
  }
  return undefined;
}

function run(context: SimulatorContext, method: string, path: string, params: ReturnType<typeof parseForm>): Reply {
  const route = findRoute(method, path);
  if (route === undefined)
    return stripeError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  try {
    return json(200, route.handle(context, params, route.id));
  } catch (error) {
    if (error instanceof StripeFailure) return stripeError(error.status, error.body);
    throw error;
  }
}

/**
 * One API call with Stripe's idempotency: the first response for a key is kept and replayed for the same
 * parameters, a different request under the same key is refused, and requests rejected as invalid are not kept.
 */
function apiCall(context: SimulatorContext, request: IncomingMessage, path: string, params: ReturnType<typeof parseForm>): Reply {
  const method = request.method ?? "GET";
  const key = request.headers["idempotency-key"];
  if (method !== "POST" || typeof key !== "string") return run(context, method, path, params);
  const fingerprint = canonicalParameters(params);
  const saved = context.store.idempotency(key);
  if (saved !== undefined) {
    if (saved.method !== method || saved.path !== path || saved.params !== fingerprint) return stripeError(400, { type: "idempotency_error", message: idempotencyMismatch(key) });
    return { status: saved.status, body: saved.body, headers: { "content-type": "application/json", "idempotent-replayed": "true", "idempotency-key": key } };
  }
  const reply = run(context, method, path, params);
  if (reply.status !== 400 && reply.status !== 404) context.store.saveIdempotency(key, { method, path, params: fingerprint, status: reply.status, body: reply.body });
  return { ...reply, headers: { ...reply.headers, "idempotency-key": key } };
}

const completion = z.object({ card: z.enum(["succeed", "decline"]).default("succeed") });

function checkoutCall(context: SimulatorContext, method: string, sessionId: string, action: string | undefined, body: string): Reply {
  try {
    if (method === "GET" && action === undefined) return { status: 200, body: checkoutPage(retrieveCheckoutSession(context, sessionId)), headers: { "content-type": "text/html; charset=utf-8" } };
    if (method === "POST" && action === "complete") {
      const parsed = completion.safeParse(Object.fromEntries(new URLSearchParams(body)));
      if (!parsed.success) return stripeError(400, { type: "invalid_request_error", param: "card", message: "card must be succeed or decline." });
      const session = completeCheckoutSession(context, sessionId, parsed.data.card);
      if (session.success_url !== null) return { status: 303, body: "", headers: { location: session.success_url } };
      return { status: 200, body: checkoutPage(session), headers: { "content-type": "text/html; charset=utf-8" } };
    }
  } catch (error) {
    if (error instanceof StripeFailure) return stripeError(error.status, error.body);
    throw error;
  }
  return stripeError(404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: /checkout/${sessionId}).` });
}

export async function handleRequest(context: SimulatorContext, request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
  const url = new URL(request.url ?? "/", "http://simulator");
  const body = await readBody(request);
  const checkout = /^\/checkout\/([A-Za-z0-9_]+)(?:\/(complete))?$/.exec(url.pathname);
  let reply: Reply;
  if (checkout !== null) reply = checkoutCall(context, request.method ?? "GET", checkout[1] ?? "", checkout[2], body);
  else reply = authorize(request) ?? apiCall(context, request, url.pathname, request.method === "GET" ? parseForm(url.search.slice(1)) : parseForm(body));
  response.writeHead(reply.status, { ...reply.headers, "request-id": requestId });
  response.end(reply.body);
}
