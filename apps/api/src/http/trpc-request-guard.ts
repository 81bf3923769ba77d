import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Largest tRPC request body. The biggest input is a produced record (512 Ki characters of value,
 * up to 6 bytes each once JSON-escaped, plus a 4 KiB key); everything else is a few hundred bytes.
 */
export const MAX_TRPC_BODY_BYTES = 4 * 1024 * 1024;

export const TOO_LARGE_MESSAGE = `The request is too large (at most ${MAX_TRPC_BODY_BYTES / 1024 / 1024} MiB).`;

export interface TrpcRefusal {
  readonly status: 403 | 413;
  readonly code: "FORBIDDEN" | "PAYLOAD_TOO_LARGE";
  readonly message: string;
}

// tRPC's JSON-RPC codes for the two refusals, so tRPC clients read the envelope as a normal error.
const JSONRPC_CODES = { FORBIDDEN: -32003, PAYLOAD_TOO_LARGE: -32413 } as const;

/**
 * What must be refused before tRPC reads a request: a declared body over the limit (answered
 * without reading it; a chunked body is cut off by tRPC's own maxBodySize), and calls that change
 * things (anything but GET) from a browser page of another origin. Without an Origin header a
 * call is only accepted when it carries no cookie: the CLI and scripts send a Bearer token and
 * no Origin, while browsers send Origin on every POST, so a cookie without one is not the console.
 */
export function refusalOf(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): TrpcRefusal | null {
  if (req.method === "GET" || req.method === "HEAD") return null;
  const declaredLength = Number(req.headers["content-length"] ?? 0);
  if (declaredLength > MAX_TRPC_BODY_BYTES) {
    return { status: 413, code: "PAYLOAD_TOO_LARGE", message: TOO_LARGE_MESSAGE };
  }
  return crossSiteRefusal(req, allowedOrigins);
}

/** A change asked from a browser page of another origin (see refusalOf), or null. */
export function crossSiteRefusal(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): TrpcRefusal | null {
  const origin = req.headers.origin;
  const allowed = origin === undefined ? req.headers.cookie === undefined : allowedOrigins.has(origin);
  if (!allowed) return { status: 403, code: "FORBIDDEN", message: "This request comes from another site: changes are accepted from the Freshet console's pages or with an API key." };
  return null;
}

/** Answers a refusal as tRPC would, and closes the connection so an unread body is never taken in. */
export function sendRefusal(res: ServerResponse, refusal: TrpcRefusal): void {
  res.writeHead(refusal.status, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error: { message: refusal.message, code: JSONRPC_CODES[refusal.code], data: { code: refusal.code, httpStatus: refusal.status } } }));
}
