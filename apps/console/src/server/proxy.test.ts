import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardToApi } from "./proxy";

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };

let server: Server;
let apiBase: string;
let seen: Seen[] = [];
let releaseStream: (() => void) | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url?.startsWith("/api/stream")) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("data: first\n\n");
        releaseStream = () => res.end("data: second\n\n");
        return;
      }
      res.writeHead(201, [
        ["content-type", "application/json"],
        ["set-cookie", "a=1; Path=/; HttpOnly"],
        ["set-cookie", "b=2; Path=/"],
        ["x-api", "yes"],
      ]);
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("forwardToApi", () => {
  it("forwards method, path, query, cookies and body, and returns every Set-Cookie separately", async () => {
    seen = [];
    const request = new Request("http://console.test:3000/api/auth/sign-up/email?x=1", {
      method: "POST",
      headers: { cookie: "session=abc", origin: "http://console.test:3000", "content-type": "application/json", "accept-encoding": "gzip" },
      body: JSON.stringify({ email: "a@b.c" }),
    });
    const response = await forwardToApi(request, apiBase);

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/; HttpOnly", "b=2; Path=/"]);
    expect(response.headers.get("x-api")).toBe("yes");
    const [call] = seen;
    expect(call?.method).toBe("POST");
    expect(call?.url).toBe("/api/auth/sign-up/email?x=1");
    expect(call?.body).toBe('{"email":"a@b.c"}');
    expect(call?.headers.cookie).toBe("session=abc");
    expect(call?.headers.origin).toBe("http://console.test:3000");
    expect(call?.headers["x-forwarded-host"]).toBe("console.test:3000");
    expect(call?.headers["x-forwarded-proto"]).toBe("http");
    expect(call?.headers["accept-encoding"]).not.toBe("gzip");
  });

  it("forwards a body sent with Expect: 100-continue (curl does for bodies over 1 MB) and gives the API's answer", async () => {
    seen = [];
    const body = "x".repeat(2 * 1024 * 1024);
    const request = new Request("http://console.test:3000/api/trpc/topics.produce", {
      method: "POST",
      headers: { expect: "100-continue", "content-type": "application/json" },
      body,
    });
    const response = await forwardToApi(request, apiBase);
    expect(response.status).toBe(201);
    expect(seen[0]?.body.length).toBe(body.length);
  });

  it("vouches for the client's address with the API's proxy secret, never passing on a client's own", async () => {
    seen = [];
    const forged = new Request("http://console.test:3000/api/auth/get-session", { headers: { "x-freshet-proxy-secret": "guessed" } });
    await forwardToApi(forged, apiBase, "the-proxy-secret-shared-with-the-api-0123");
    await forwardToApi(new Request("http://console.test:3000/api/auth/get-session", { headers: { "x-freshet-proxy-secret": "guessed" } }), apiBase);
    expect(seen.map((call) => call.headers["x-freshet-proxy-secret"])).toEqual(["the-proxy-secret-shared-with-the-api-0123", undefined]);
  });

  it("streams server-sent events as they are written, without buffering the whole answer", async () => {
    const response = await forwardToApi(new Request("http://console.test:3000/api/stream"), apiBase);
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe("data: first\n\n");
    releaseStream?.();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    expect(rest).toBe("data: second\n\n");
  });

  it("answers 502 with a readable message when the API is down", async () => {
    const response = await forwardToApi(new Request("http://console.test:3000/api/trpc/me.get"), "http://127.0.0.1:1");
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { message: "The Freshet API is not reachable." } });
  });
});
