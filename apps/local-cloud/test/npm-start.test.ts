import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { createProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import { redisConnection } from "@freshet/control-plane/jobs/redis-connection";
import { Queue } from "bullmq";
import pg from "pg";
import { stopTenantClusters } from "../src/tenant-shutdown.js";
import { freePort, listening } from "../src/test-support/ports.js";

// `npm start` as a person runs it (the built dist/main.js, which runs the built API, worker and
// console), on its own ports, database, queue and data folder. Build first:
// npx turbo run build --filter=@freshet/console... --filter=@freshet/local-cloud...

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const REDIS_URL = "redis://127.0.0.1:6379";

let database: TestDatabase;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let consoleUrl: string;
const queueName = `h_auth_npm_start_${randomBytes(6).toString("hex")}`;
const meteringQueue = `${queueName}_metering`;

/** Polls `condition` until it holds or `timeoutMs` passes. */
async function until<T>(what: string, condition: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface Running {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function npmStart(): Running {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function ready(running: Running): Promise<void> {
  await until("the cloud to be ready", async () => (running.output().includes("Freshet cloud is running") ? true : null), 120_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${running.output()}`);
  });
}

/** The cluster's metered SPU hours so far, or null while there are none. */
async function spuHours(clusterId: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ total: string | null }>(`SELECT sum(quantity)::text AS total FROM usage_hour WHERE "clusterId" = $1 AND dimension = 'spu_hours'`, [clusterId]);
    return rows[0]?.total ?? null;
  } finally {
    await client.end();
  }
}

/** A tRPC call through the console, as the browser makes it. */
async function trpc(cookie: string, path: string, input: unknown, method: "GET" | "POST" = "POST"): Promise<unknown> {
  const url = method === "GET" ? `${consoleUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `${consoleUrl}/api/trpc/${path}`;
  const response = await fetch(url, {
    method,
    headers: { cookie, origin: consoleUrl, "content-type": "application/json" },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
  if (body.result === undefined) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), "h_auth_npm_start-"));
  const [consolePort, apiPort] = [await freePort(), await freePort()];
  consoleUrl = `http://127.0.0.1:${consolePort}`;
  const { NODE_ENV: _testRunner, ...inherited } = process.env;
  env = {
    ...inherited,
    DATABASE_URL: database.url,
    REDIS_URL,
    PROVISIONING_QUEUE: queueName,
    METERING_QUEUE: meteringQueue,
    METERING_INTERVAL_MS: "1000",
    BILLING_QUEUE: `${queueName}_billing`,
    STRIPE_SIMULATOR_PORT: "0",
    CONSOLE_PORT: String(consolePort),
    API_PORT: String(apiPort),
    FRESHET_CLOUD_DATA: dataDir,
  };
}, 60_000);

afterAll(async () => {
  await stopTenantClusters(dataDir);
  const provisioning = createProvisioningQueue(REDIS_URL, queueName);
  await provisioning.queue.obliterate({ force: true });
  await provisioning.close();
  const metering = new Queue(meteringQueue, { connection: redisConnection(REDIS_URL) });
  await metering.obliterate({ force: true });
  await metering.close();
  // The worker's billing queue has the same kind of connection options; obliterating it drops its job schedulers.
  const billing = createProvisioningQueue(REDIS_URL, `${queueName}_billing`);
  await billing.queue.obliterate({ force: true });
  await billing.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("prints mail instead of sending it, keeps its own secrets, and Ctrl-C stops tenant brokers too; the next start runs them again", { timeout: 300_000 }, async () => {
    const first = npmStart();
    await ready(first);
    expect((await stat(join(dataDir, "secrets.json"))).mode & 0o777).toBe(0o600);

    const signUp = await fetch(`${consoleUrl}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: consoleUrl },
      body: JSON.stringify({ email: "ada@example.com", password: "ada-correct-horse", name: "Ada" }),
    });
    expect(signUp.status, first.output()).toBe(200);
    const link = await until("the verification link in the terminal", async () => /^mail {4}\| {3}(http\S+verify-email\S+)$/m.exec(first.output())?.[1] ?? null, 20_000);
    expect(first.output()).toContain("mail    | to ada@example.com: Confirm your email for Freshet");
    const verified = await fetch(link, { redirect: "manual" });
    const cookie = verified.headers
      .getSetCookie()
      .find((c) => c.startsWith("better-auth.session_token="))!
      .split(";")[0]!;

    const org = (await trpc(cookie, "orgs.create", { name: "Acme", slug: "acme" })) as { id: string };
    await trpc(cookie, "orgs.setActive", { organizationId: org.id });
    const created = (await trpc(cookie, "clusters.create", { name: "main", region: "local", plan: "free" })) as { id: string };
    const running = await until(
      "the cluster to run",
      async () => {
        const cluster = (await trpc(cookie, "clusters.get", { clusterId: created.id }, "GET")) as { status: string; bootstrapPort: number | null };
        return cluster.status === "Running" ? cluster : null;
      },
      90_000,
    );
    const port = running.bootstrapPort!;
    expect(await listening(port)).toBe(true);
    // The worker collects usage: two readings of the SPU make its first SPU-hours.
    await until("SPU hours of the cluster", () => spuHours(created.id), 30_000);

    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("stopped 1 tenant cluster(s)");
    expect(await listening(port)).toBe(false);

    const second = npmStart();
    try {
      await ready(second);
      await until("the tenant broker to listen again", async () => ((await listening(port)) ? true : null), 90_000);
    } finally {
      second.child.kill("SIGINT");
      await second.exited;
    }
    expect(await listening(port)).toBe(false);
  });
});
