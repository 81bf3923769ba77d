import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, HTTP_STATUS } from "../errors.js";
import { readBody, sendFetchResponse, sendJson, toFetchRequest } from "../http/node-fetch.js";
import type { LimitVerdict } from "./attempt-window.js";
import type { Auth } from "./auth.js";
import type { AuthLimits } from "./auth-limits.js";

const SIGN_IN_PATH = "/api/auth/sign-in/email";
const SIGN_UP_PATH = "/api/auth/sign-up/email";
const DEVICE_CODE_PATH = "/api/auth/device/code";

/**
 * /api/auth/*: better-auth, behind the limits of `AuthLimits`. Every sign-up answer waits until
 * `signUpAnswerMs` after the request arrived: creating an account writes rows that a sign-up with
 * a registered address does not, and the time to answer must not tell them apart either.
 */
export function createAuthRoutes(auth: Auth, limits: AuthLimits, origin: string, signUpAnswerMs: number) {
  // POSTs whose successes are counted per client address.
  const perAddress = new Map([
    [SIGN_UP_PATH, { window: limits.signUpPerAddress, refusal: "Too many accounts created from this address." }],
    [DEVICE_CODE_PATH, { window: limits.deviceCodesPerAddress, refusal: "Too many CLI logins started from this address." }],
  ]);
  return async (req: IncomingMessage, res: ServerResponse, address: string): Promise<void> => {
    const body = await readBody(req);
    const path = new URL(req.url ?? "/", origin).pathname;
    const forward = () => auth.handler(toFetchRequest(req, body, origin));
    const refuse = (verdict: { retryAfterSeconds: number }, what: string) => {
      const error = new AppError("rate-limited", `${what} Try again in ${verdict.retryAfterSeconds} seconds.`);
      sendJson(res, HTTP_STATUS[error.kind] ?? 429, { code: "TOO_MANY_REQUESTS", message: error.message }, { "retry-after": String(verdict.retryAfterSeconds) });
    };

    if (req.method === "POST" && path === SIGN_IN_PATH) {
      const email = emailOf(body);
      const addressKey = `${address}\u0000${email}`;
      const known = limits.knownAddresses.has(email, address);
      const verdict = longestRefusal(limits.signInPerAddressAndAccount.check(addressKey), limits.signInPerAddress.check(address), known ? { allowed: true } : limits.signInPerAccount.check(email));
      if (verdict !== null) return refuse(verdict, "Too many failed sign-ins.");
      const response = await forward();
      if (response.status === 401) {
        limits.signInPerAddressAndAccount.record(addressKey);
        limits.signInPerAddress.record(address);
        if (!known) limits.signInPerAccount.record(email);
      } else if (response.ok) {
        // The account's own failures are not forgotten: they were the guesses of others, and the
        // owner's address is exempt from that limit from now on anyway.
        limits.signInPerAddressAndAccount.forget(addressKey);
        limits.knownAddresses.remember(email, address);
      }
      return sendFetchResponse(res, response);
    }

    const counted = req.method === "POST" ? perAddress.get(path) : undefined;
    if (counted !== undefined) {
      const verdict = counted.window.check(address);
      if (!verdict.allowed) return refuse(verdict, counted.refusal);
      const arrived = performance.now();
      const response = await forward();
      if (path === SIGN_UP_PATH) await new Promise((resolve) => setTimeout(resolve, Math.max(0, arrived + signUpAnswerMs - performance.now())));
      if (response.ok) counted.window.record(address);
      return sendFetchResponse(res, response);
    }

    return sendFetchResponse(res, await forward());
  };
}

/** The refusal that lasts longest, or null when every limit allows the attempt. */
function longestRefusal(...verdicts: LimitVerdict[]): { retryAfterSeconds: number } | null {
  let worst: { retryAfterSeconds: number } | null = null;
  for (const verdict of verdicts) {
    if (!verdict.allowed && (worst === null || verdict.retryAfterSeconds > worst.retryAfterSeconds)) worst = verdict;
  }
  return worst;
}

/** The email a request names, normalized; a body without one is limited under the empty email. */
function emailOf(body: Buffer): string {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && "email" in parsed && typeof parsed.email === "string") return parsed.email.trim().toLowerCase();
  } catch {
    // Not JSON: better-auth answers it; the limiter still counts it.
  }
  return "";
}
