// Hop-by-hop headers describe one connection and must not be forwarded (RFC 9110 §7.6.1);
// accept-encoding is dropped so the API answers uncompressed and event streams flush as written.
// Expect: 100-continue was already answered by the console's own server (Node sends the 100), and
// Node's fetch refuses to send the header at all, so forwarding it failed every such request.
const REQUEST_HEADERS_DROPPED = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "accept-encoding", "expect"];
// fetch() already decoded the body, so its encoding and length no longer describe what we send.
const RESPONSE_HEADERS_DROPPED = new Set(["connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "set-cookie"]);

// The API's name for it (apps/api/src/http/node-fetch.ts).
const PROXY_SECRET_HEADER = "x-freshet-proxy-secret";

/**
 * Forwards a console request under /api/* to the API server unchanged: method, path, query,
 * cookies, origin and a streaming body, and streams the answer back (server-sent events included).
 * The browser only ever talks to the console's origin, so better-auth's cookies are first-party.
 */
export async function forwardToApi(request: Request, apiBase: string, proxySecret?: string): Promise<Response> {
  const incoming = new URL(request.url);
  const target = new URL(incoming.pathname + incoming.search, apiBase);

  const headers = new Headers(request.headers);
  for (const name of REQUEST_HEADERS_DROPPED) headers.delete(name);
  if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", request.headers.get("host") ?? incoming.host);
  // A client's own copy is never passed on; only this server may vouch for X-Forwarded-For.
  headers.delete(PROXY_SECRET_HEADER);
  if (proxySecret !== undefined) headers.set(PROXY_SECRET_HEADER, proxySecret);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", incoming.protocol.replace(":", ""));

  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      // Node's fetch needs this to send a streamed request body.
      duplex: "half",
      redirect: "manual",
      // Closing the browser tab ends the upstream request too, which ends a subscription.
      signal: request.signal,
      cache: "no-store",
    } as RequestInit & { duplex: "half" });
  } catch (cause) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return Response.json({ error: { message: "The Freshet API is not reachable.", cause: String(cause) } }, { status: 502 });
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!RESPONSE_HEADERS_DROPPED.has(name)) responseHeaders.set(name, value);
  });
  // Several cookies arrive as several headers; Headers.forEach would join them with commas.
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append("set-cookie", cookie);
  if (responseHeaders.get("content-type")?.startsWith("text/event-stream")) {
    // no-transform keeps Next's response compression from buffering the stream.
    responseHeaders.set("cache-control", "no-cache, no-transform");
    responseHeaders.set("x-accel-buffering", "no");
  }
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}
