import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../errors.js";

/** Largest request body the auth routes accept; sign-up and sign-in bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AppError("invalid-request", "Request body too large.");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The node request as a fetch Request against `origin` (the URL better-auth believes it serves). */
export function toFetchRequest(req: IncomingMessage, body: Buffer, origin: string): Request {
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), { method, headers: nodeHeaders(req), body: hasBody ? new Uint8Array(body) : undefined });
}

export function nodeHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

export async function sendFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  // Headers.forEach joins several Set-Cookie headers with commas, which breaks cookies with dates.
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** The header the console's proxy proves itself with (PROXY_SECRET here, API_PROXY_SECRET there). */
export const PROXY_SECRET_HEADER = "x-freshet-proxy-secret";

/**
 * The client's address: the socket's peer, or, for a request that carries the proxy's secret, the
 * entry that proxy appended last to X-Forwarded-For (earlier entries are whatever the client claimed).
 * Anyone else who reaches the API directly may not name an address: the sign-in limits are per
 * address, and a forged one would give each guess a fresh allowance.
 */
export function clientAddress(req: IncomingMessage, proxySecret: string | undefined): string {
  const socketAddress = req.socket.remoteAddress ?? "unknown";
  if (proxySecret === undefined || !sameSecret(req.headers[PROXY_SECRET_HEADER], proxySecret)) return socketAddress;
  const forwarded = req.headers["x-forwarded-for"];
  const list = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",").map((entry) => entry.trim());
  return list.filter((entry) => entry !== "").at(-1) ?? socketAddress;
}

function sameSecret(presented: string | string[] | undefined, secret: string): boolean {
  if (typeof presented !== "string") return false;
  // Digests have equal lengths, which timingSafeEqual needs; comparing them leaks nothing of the secret.
  return timingSafeEqual(createHash("sha256").update(presented).digest(), createHash("sha256").update(secret).digest());
}
