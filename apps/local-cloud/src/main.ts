#!/usr/bin/env node
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "@freshet/db/migrate";
import { parseLocalCloudEnv } from "./env.js";
import { checkRedis, ensureDatabase, PreflightError } from "./preflight.js";
import { Service, waitForHttp, type ServiceSpec } from "./child-process.js";

/*
 * `npm start`: the whole cloud on this machine — API, provisioning worker and
 * console — against the local PostgreSQL and Redis, migrations applied first.
 * Tenant clusters are started by the worker as local processes.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const write = (line: string) => process.stdout.write(`${line}\n`);

function serviceSpecs(env: ReturnType<typeof parseLocalCloudEnv>): ServiceSpec[] {
  const consoleOrigin = `http://127.0.0.1:${env.CONSOLE_PORT}`;
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: env.DATABASE_URL,
    REDIS_URL: env.REDIS_URL,
    API_PORT: String(env.API_PORT),
    CONSOLE_ORIGIN: consoleOrigin,
    API_URL: `http://127.0.0.1:${env.API_PORT}`,
    TRUST_PROXY: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    ...(env.FRESHET_CLOUD_DATA === undefined ? {} : { FRESHET_CLOUD_DATA: env.FRESHET_CLOUD_DATA }),
  };
  const apiDir = join(root, "apps/api");
  const consoleDir = join(root, "apps/console");
  return [
    { name: "api", command: process.execPath, args: ["--import", "./dist/polyfills/object-group-by.js", "dist/main.js"], cwd: apiDir, env: shared },
    { name: "worker", command: process.execPath, args: ["dist/main.js"], cwd: join(root, "apps/worker"), env: shared },
    { name: "console", command: process.execPath, args: ["server.mjs", "--hostname", "127.0.0.1", "--port", String(env.CONSOLE_PORT)], cwd: consoleDir, env: { ...shared, NODE_ENV: "production" } },
  ];
}

async function main(): Promise<number> {
  const env = parseLocalCloudEnv();
  for (const built of ["apps/api/dist/main.js", "apps/worker/dist/main.js", "apps/console/.next/BUILD_ID"]) {
    if (!existsSync(join(root, built))) {
      write(`freshet: ${built} is missing; build first with: npm run build`);
      return 1;
    }
  }
  try {
    const database = await ensureDatabase(env.DATABASE_URL);
    await checkRedis(env.REDIS_URL);
    const { applied } = await migrate(env.DATABASE_URL);
    write(`freshet: database ${database === "created" ? "created" : "ready"}, ${applied.length} migration(s) applied`);
  } catch (cause) {
    if (cause instanceof PreflightError) {
      write(`freshet: ${cause.message}`);
      return 1;
    }
    throw cause;
  }
  const services = serviceSpecs(env).map((spec) => new Service(spec, write));
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    await Promise.all(services.map((s) => s.stop()));
  };
  const firstExit = Promise.race(services.map(async (s) => ({ service: s, code: await s.exited })));
  process.on("SIGINT", () => void stopAll());
  process.on("SIGTERM", () => void stopAll());
  const consoleUrl = `http://127.0.0.1:${env.CONSOLE_PORT}`;
  let exited = false;
  void firstExit.then(() => (exited = true));
  if (await waitForHttp(consoleUrl, 60_000, () => !exited)) {
    write(`\nFreshet cloud is running: open ${consoleUrl} to sign up (Ctrl-C stops everything)\n`);
  }
  const { service, code } = await firstExit;
  if (!stopping) {
    write(`freshet: ${service.spec.name} exited (code ${code}); stopping the rest`);
    await stopAll();
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (cause: unknown) => {
    write(`freshet: ${cause instanceof Error ? cause.message : String(cause)}`);
    process.exit(1);
  },
);
