import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, HTTP_STATUS } from "../errors.js";
import { readBody, sendFetchResponse, sendJson, toFetchRequest } from "../http/node-fetch.js";
import type { Auth } from "./auth.js";
import { SignInLimiter } from "./sign-in-limiter.js";

const SIGN_IN_PATH = "/api/auth/sign-in/email";

/** /api/auth/*: better-auth, with failed email sign-ins limited per client address and email. */
export function createAuthRoutes(auth: Auth, limiter: SignInLimiter, origin: string) {
  return async (req: IncomingMessage, res: ServerResponse, address: string): Promise<void> => {
    const body = await readBody(req);
    const path = new URL(req.url ?? "/", origin).pathname;
    if (req.method !== "POST" || path !== SIGN_IN_PATH) {
      await sendFetchResponse(res, await auth.handler(toFetchRequest(req, body, origin)));
      return;
    }
    const key = SignInLimiter.key(address, emailOf(body));
    const verdict = limiter.check(key);
    if (!verdict.allowed) {
      const error = new AppError("rate-limited", `Too many failed sign-ins. Try again in ${verdict.retryAfterSeconds} seconds.`);
      sendJson(res, HTTP_STATUS[error.kind] ?? 429, { code: "TOO_MANY_REQUESTS", message: error.message }, { "retry-after": String(verdict.retryAfterSeconds) });
      return;
    }
    const response = await auth.handler(toFetchRequest(req, body, origin));
    if (response.status === 401) limiter.recordFailure(key);
    else if (response.ok) limiter.recordSuccess(key);
    await sendFetchResponse(res, response);
  };
}

/** The email a sign-in names; a body without one is limited under the empty email. */
function emailOf(body: Buffer): string {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && "email" in parsed && typeof parsed.email === "string") return parsed.email;
  } catch {
    // Not JSON: better-auth answers it; the limiter still counts it.
  }
  return "";
}
