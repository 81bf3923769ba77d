import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CONSOLE_ORIGIN, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";

// Requests a hostile caller can send to /api/trpc: oversized bodies, NUL characters, and
// mutations from another site's page riding on the console's session cookie.
let api: TestApi;
let cookie: string;
let owner: Client;
let apiKey: string;

beforeAll(async () => {
  api = await startTestApi();
  cookie = await signUp(api, "ada@example.com");
  owner = trpcClient(api, { cookie });
  const org = await owner.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await owner.orgs.setActive.mutate({ organizationId: org.id });
  apiKey = (await owner.apiKeys.create.mutate({ name: "ci", role: "admin" })).secret;
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const MIB = 1024 * 1024;

/** This process's resident memory now and its peak since the last reset, in bytes (Linux /proc). */
function memory(): { rss: number; peak: number } {
  const status = readFileSync("/proc/self/status", "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)![1]) * 1024;
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

/**
 * Streams a JSON body of `size` bytes (a cluster name that long) to clusters.create from one
 * reused 64 KiB chunk, honouring backpressure, so this client never holds the body; stops
 * sending once the answer arrives. `declared`: send Content-Length, else chunked.
 */
function sendHugeBody(size: number, declared: boolean): Promise<{ status: number; body: string }> {
  const head = Buffer.from('{"name":"');
  const tail = Buffer.from('","region":"local","plan":"pro"}');
  const filler = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${api.url}/api/trpc/clusters.create`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, ...(declared ? { "content-length": String(size) } : {}) },
    });
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    // The server may close the connection while this side is still sending.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    void (async () => {
      let remaining = size - head.length - tail.length;
      req.write(head);
      while (remaining > 0 && !answered && !req.destroyed) {
        const chunk = remaining >= filler.length ? filler : filler.subarray(0, remaining);
        remaining -= chunk.length;
        if (!req.write(chunk)) await new Promise((resume) => req.once("drain", resume).once("close", resume));
      }
      if (!answered && !req.destroyed) req.end(tail);
    })();
  });
}

it.each([
  ["with Content-Length", true],
  ["chunked", false],
])("a 64 MiB body (%s) gets 413 without being taken into memory", async (_, declared) => {
  // Resets this process's peak RSS (VmHWM): the API runs in it.
  writeFileSync("/proc/self/clear_refs", "5");
  const before = memory();
  const answer = await sendHugeBody(64 * MIB, declared);
  const grewBy = memory().peak - before.rss;
  console.log(`64 MiB body ${declared ? "with Content-Length" : "chunked"}: HTTP ${answer.status}, peak RSS grew by ${(grewBy / MIB).toFixed(1)} MiB`);
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body)).toMatchObject({ error: { message: expect.stringMatching(/too large/i) as unknown, data: { code: "PAYLOAD_TOO_LARGE" } } });
  // Parsing it would take the body, its string and the parsed name: well over 128 MiB.
  expect(grewBy).toBeLessThan(32 * MIB);
  expect(await api.prisma.cluster.count()).toBe(0);
  expect((await owner.me.get.query()).user.email).toBe("ada@example.com");
});

const messageOf = (call: () => Promise<unknown>) =>
  call().then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCClientError ? `${(error.data as { httpStatus?: number }).httpStatus} ${error.message}` : String(error)),
  );

it("a NUL character in any text input is a 400 with a plain sentence, and nothing is stored", async () => {
  const nul = "Text may not contain NUL characters (U+0000).";
  expect(await messageOf(() => owner.apiKeys.revoke.mutate({ apiKeyId: "key_\u0000" }))).toBe(`400 ${nul}`);
  expect(await messageOf(() => owner.clusters.create.mutate({ name: "ma\u0000in", region: "local", plan: "pro" }))).toBe(`400 ${nul}`);
  expect(await messageOf(() => owner.orgs.update.mutate({ name: "Acme\u0000" }))).toBe(`400 ${nul}`);
  expect(await messageOf(() => owner.apiKeys.create.mutate({ name: "k\u0000" }))).toBe(`400 ${nul}`);
  expect(await messageOf(() => owner.clusters.get.query({ clusterId: "clu_\u0000" }))).toBe(`400 ${nul}`);
  expect(await messageOf(() => owner.members.invite.mutate({ email: "a\u0000@example.com", role: "member" }))).toBe(`400 ${nul}`);
  expect((await api.prisma.organization.findFirstOrThrow()).name).toBe("Acme");
  expect(await api.prisma.apiKey.count()).toBe(1);
});

it("an input that fails validation is answered with one plain sentence, not zod's JSON", async () => {
  expect(await messageOf(() => owner.clusters.create.mutate({ name: "Bad Name", region: "local", plan: "pro" }))).toBe(
    "400 A cluster name uses lowercase letters, digits and dashes, and does not start or end with a dash.",
  );
  expect(await messageOf(() => owner.clusters.create.mutate({ name: "a".repeat(41), region: "local", plan: "pro" }))).toBe("400 Name must be at most 40 characters.");
  expect(await messageOf(() => owner.clusters.create.mutate({ name: "main", region: "local", plan: "pro", spus: 17 }))).toBe("400 SPU count must be at most 16.");
});

/** A raw mutation as a browser page would send it, riding on the session cookie. */
function mutate(headers: Record<string, string>, name: string) {
  return fetch(`${api.url}/api/trpc/orgs.update`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ name }) });
}

it("a mutation from another site's page is refused (403) and changes nothing; the console, and Bearer callers without Origin, still work", async () => {
  const refused = await mutate({ cookie, origin: "https://evil.example" }, "Pwned");
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ error: { data: { code: "FORBIDDEN" } } });
  expect((await mutate({ cookie, origin: "null" }, "Pwned")).status).toBe(403);
  // Browsers send Origin on every POST: a cookie without one is not the console.
  expect((await mutate({ cookie }, "Pwned")).status).toBe(403);
  // Even with a key, a page of another origin is not the CLI.
  expect((await mutate({ authorization: `Bearer ${apiKey}`, origin: "https://evil.example" }, "Pwned")).status).toBe(403);
  expect((await api.prisma.organization.findFirstOrThrow()).name).toBe("Acme");

  expect((await mutate({ cookie, origin: CONSOLE_ORIGIN }, "Acme Console")).status).toBe(200);
  expect((await mutate({ authorization: `Bearer ${apiKey}` }, "Acme CLI")).status).toBe(200);
  expect((await api.prisma.organization.findFirstOrThrow()).name).toBe("Acme CLI");
  // Reads are not changes; cross-origin pages cannot read the answers anyway (no CORS headers).
  const read = await fetch(`${api.url}/api/trpc/me.get`, { headers: { cookie, origin: "https://evil.example" } });
  expect([read.status, read.headers.get("access-control-allow-origin")]).toEqual([200, null]);
});
