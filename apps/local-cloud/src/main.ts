#!/usr/bin/env node
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "@freshet/db/migrate";
import { onStopSignal } from "@freshet/program/shutdown";
import { parseLocalCloudEnv } from "./env.js";
import { checkRedis, ensureDatabase, PreflightError } from "./preflight.js";
import { Service, waitForHttp, type ServiceSpec } from "./child-process.js";
import { MailCatcher, type CaughtMail } from "./mail-catcher.js";
import { loadOrCreateSecrets, type LocalCloudSecrets } from "./secrets.js";
import { stopTenantClusters } from "./tenant-shutdown.js";
import { startLocalStripe, type LocalStripe } from "./local-stripe.js";

/*
 * `npm start`: the whole cloud on this machine — API, provisioning worker and
 * console — against the local PostgreSQL and Redis, migrations applied first.
 * Tenant clusters are started by the worker as local processes, and stopped
 * with the rest. Mail (address verification, invitations) goes to a catcher on
 * loopback that prints it here. Stripe is the in-repo simulator unless
 * STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET point at real Stripe test mode.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const write = (line: string) => process.stdout.write(`${line}\n`);

interface Wiring {
  readonly secrets: LocalCloudSecrets;
  /** Made anew at every start: proves to the API that X-Forwarded-For comes from the console. */
  readonly proxySecret: string;
  readonly smtpUrl: string;
  /** STRIPE_* for the API and the worker: the simulator's, or none (then the caller's own pass through). */
  readonly stripeEnv: NodeJS.ProcessEnv;
}

function serviceSpecs(env: ReturnType<typeof parseLocalCloudEnv>, wiring: Wiring): ServiceSpec[] {
  const consoleOrigin = `http://127.0.0.1:${env.CONSOLE_PORT}`;
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: env.DATABASE_URL,
    REDIS_URL: env.REDIS_URL,
    API_PORT: String(env.API_PORT),
    CONSOLE_ORIGIN: consoleOrigin,
    API_URL: `http://127.0.0.1:${env.API_PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
    FRESHET_CLOUD_DATA: env.FRESHET_CLOUD_DATA,
    CONTROL_PLANE_SECRET: wiring.secrets.controlPlaneSecret,
    ...wiring.stripeEnv,
  };
  const api: NodeJS.ProcessEnv = { ...shared, BETTER_AUTH_SECRET: wiring.secrets.betterAuthSecret, PROXY_SECRET: wiring.proxySecret, SMTP_URL: wiring.smtpUrl };
  // The console's sign-up page tells where mail goes in local mode.
  const consoleEnv: NodeJS.ProcessEnv = {
    ...shared,
    CONTROL_PLANE_SECRET: undefined,
    STRIPE_SECRET_KEY: undefined,
    STRIPE_WEBHOOK_SECRET: undefined,
    NODE_ENV: "production",
    API_PROXY_SECRET: wiring.proxySecret,
    FRESHET_LOCAL_MAIL: "terminal",
  };
  const apiDir = join(root, "apps/api");
  const consoleDir = join(root, "apps/console");
  return [
    { name: "api", command: process.execPath, args: ["--import", "./dist/polyfills/object-group-by.js", "dist/main.js"], cwd: apiDir, env: api },
    { name: "worker", command: process.execPath, args: ["dist/main.js"], cwd: join(root, "apps/worker"), env: shared },
    { name: "console", command: process.execPath, args: ["server.mjs", "--hostname", "127.0.0.1", "--port", String(env.CONSOLE_PORT)], cwd: consoleDir, env: consoleEnv },
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
  const secrets = await loadOrCreateSecrets(env.FRESHET_CLOUD_DATA);
  const mail = await MailCatcher.start({ port: env.MAIL_PORT, onMail: (caught) => printMail(caught) });
  let stripe: LocalStripe;
  try {
    stripe = await startLocalStripe(env);
  } catch (cause) {
    await mail.close();
    throw cause;
  }
  write(`freshet: ${stripe.description}`);
  const wiring: Wiring = { secrets, proxySecret: randomBytes(32).toString("hex"), smtpUrl: mail.url, stripeEnv: stripe.env };
  const services = serviceSpecs(env, wiring).map((spec) => new Service(spec, write));
  let stopping = false;
  let stopped: Promise<void> | null = null;
  // Tenant brokers go last: the worker must not be healing them while they stop.
  const stopAll = () =>
    (stopped ??= (async () => {
      stopping = true;
      await Promise.all(services.map((s) => s.stop()));
      const tenants = await stopTenantClusters(env.FRESHET_CLOUD_DATA).catch((cause: unknown) => {
        write(`freshet: could not stop every tenant cluster (${cause instanceof Error ? cause.message : String(cause)}); see \`ps aux | grep -- --data-dir\``);
        return [];
      });
      if (tenants.length > 0) write(`freshet: stopped ${tenants.length} tenant cluster(s); they start again with the next npm start`);
      await mail.close();
      await stripe.close();
    })());
  const firstExit = Promise.race(services.map(async (s) => ({ service: s, code: await s.exited })));
  onStopSignal(() => void stopAll());
  const consoleUrl = `http://127.0.0.1:${env.CONSOLE_PORT}`;
  let exited = false;
  void firstExit.then(() => (exited = true));
  // Both must answer before sign-up can work: the console alone would proxy to an API still starting.
  const up = await Promise.all([waitForHttp(consoleUrl, 60_000, () => !exited), waitForHttp(`http://127.0.0.1:${env.API_PORT}/healthz`, 60_000, () => !exited)]);
  if (up.every(Boolean)) {
    write(`\nFreshet cloud is running: open ${consoleUrl} to sign up (Ctrl-C stops everything, tenant clusters included)`);
    write(`Mail is not sent in local mode: confirmation and invitation links are printed here (mail | …)\n`);
    // In the background, loaded only now (the SMDK build is a large import): building the examples the
    // first time takes a while, and the cloud works without them.
    void import("./hub-seed/run-seed.js")
      .then(({ examplesDirOf, runHubSeed }) => runHubSeed({ databaseUrl: env.DATABASE_URL, dataDir: env.FRESHET_CLOUD_DATA, examplesDir: examplesDirOf(root), env: process.env }))
      .then(
        (line) => write(`freshet: ${line}`),
        // One line: a Prisma or build error can run to pages.
        (cause: unknown) => write(`freshet: the hub's example SmartModules were not published: ${(cause instanceof Error ? cause.message : String(cause)).split("\n")[0]}`),
      );
  }
  const { service, code } = await firstExit;
  if (!stopping) {
    write(`freshet: ${service.spec.name} exited (code ${code}); stopping the rest`);
    await stopAll();
    return 1;
  }
  await stopAll();
  return 0;
}

/** Local mode sends no mail: each message is printed with its links, for the person at this terminal. */
function printMail(mail: CaughtMail): void {
  write(`mail    | to ${mail.to.join(", ")}: ${mail.subject}`);
  for (const link of mail.links) write(`mail    |   ${link}`);
}

main().then(
  (code) => process.exit(code),
  (cause: unknown) => {
    write(`freshet: ${cause instanceof Error ? cause.message : String(cause)}`);
    process.exit(1);
  },
);
