import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startConsole } from "./support/console-server";
import { freePort } from "@freshet/local-cloud/internal/ports";
import type { ManagedProcess } from "./support/process";

// The built console's server in front of a recording stand-in for the API: what the API is told
// about the client must come from the console's socket, never from the browser's own headers.

let api: Server;
let consoleProcess: ManagedProcess;
let consoleUrl: string;
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  api = createServer((req, res) => {
    seen.push(req.headers);
    let size = 0;
    req.on("data", (chunk: Buffer) => (size += chunk.length));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ received: size }));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const started = await startConsole(`http://127.0.0.1:${(api.address() as AddressInfo).port}`, await freePort());
  consoleProcess = started.process;
  consoleUrl = started.url;
}, 60_000);

afterAll(async () => {
  await consoleProcess?.stop();
  api?.closeAllConnections();
  await new Promise((resolve) => api?.close(resolve));
});

it("replaces a client's forged X-Forwarded-For with the address the request came from", async () => {
  const response = await fetch(`${consoleUrl}/api/auth/get-session`, { headers: { "x-forwarded-for": "203.0.113.9, 198.51.100.1" } });
  expect(response.status).toBe(200);
  expect(seen).toHaveLength(1);
  expect(seen[0]!["x-forwarded-for"]).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
});

it("sets it when the client sent none", async () => {
  await fetch(`${consoleUrl}/api/auth/get-session`);
  expect(seen.at(-1)!["x-forwarded-for"]).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
});

it("gives the API's answer to a request sent with Expect: 100-continue, as curl sends bodies over 1 MB", async () => {
  const folder = await mkdtemp(join(tmpdir(), "console-expect-"));
  const body = JSON.stringify({ value: "x".repeat(2 * 1024 * 1024) });
  await writeFile(join(folder, "body.json"), body);
  try {
    const curl = ["-sS", "-H", "Expect: 100-continue", "-H", "content-type: application/json", "--data-binary", `@${join(folder, "body.json")}`, "-w", "\n%{http_code}"];
    const { stdout } = await promisify(execFile)("curl", [...curl, `${consoleUrl}/api/trpc/topics.produce`]);
    expect(stdout.split("\n")).toEqual([JSON.stringify({ received: body.length }), "200"]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
