import "../../src/polyfills/object-group-by.js";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsBlobStore } from "@freshet/hub/storage";
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import type { Queue } from "bullmq";
import { EventSource } from "eventsource";
import { pino } from "pino";
import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { createStripeClient } from "@freshet/billing-stripe/config";
import { startStripeSimulator, type StripeSimulator } from "@freshet/stripe-simulator";
import { MailCatcher } from "@freshet/local-cloud/mail-catcher";
import type { AuthLimits } from "../../src/auth/auth-limits.js";
import type { ConnectorCatalog } from "../../src/connectors/connector-catalog.js";
import { createSmtpMailer } from "../../src/mail/mailer.js";
import { createProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import type { AppRouter } from "../../src/router.js";
import { createApiServer, type ApiServer } from "../../src/server.js";

export const CONSOLE_ORIGIN = "http://127.0.0.1:3000";
export const CONTROL_PLANE_SECRET = "test-control-plane-secret-0123456789abcdef";
/** What the console's proxy proves itself with when a test starts the API behind one (`behindProxy`). */
export const PROXY_SECRET = "test-proxy-secret-0123456789abcdef-0123";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestApi {
  readonly url: string;
  readonly prisma: PrismaClient;
  /** The test's own provisioning queue (a unique name), to look at what the API enqueued. */
  readonly queue: Queue;
  readonly api: ApiServer;
  /** Every mail the API sent: an SMTP server on loopback that keeps them. */
  readonly mailbox: MailCatcher;
  /** The repo's Stripe simulator the API talks to through the official SDK. */
  readonly stripe: StripeSimulator;
  /** The Hub's artifacts (an FsBlobStore of the test's own), to tamper with on disk. */
  readonly hubDir: string;
  close(): Promise<void>;
}

/** The API over HTTP on a free port, with a fresh database, its own queue and its own mailbox. */
export async function startTestApi(options: { authLimits?: AuthLimits; behindProxy?: boolean; signUpAnswerMs?: number; connectorCatalog?: ConnectorCatalog } = {}): Promise<TestApi> {
  const db: TestDatabase = await createTestDatabase();
  const prisma = createPrismaClient(db.url);
  const queueName = `provisioning-test-${randomBytes(6).toString("hex")}`;
  const provisioning = createProvisioningQueue(REDIS_URL, queueName);
  const mailbox = await MailCatcher.start();
  const mailer = createSmtpMailer(mailbox.url, "Freshet tests <no-reply@freshet.test>");
  const stripe = await startStripeSimulator();
  const hubDir = await mkdtemp(join(tmpdir(), "freshet-hub-"));
  const api = createApiServer({
    stripe: {
      stripe: createStripeClient({ secretKey: "sk_test_api_harness", webhookSecret: "whsec_api_harness", apiBase: { host: stripe.host, port: stripe.port, protocol: "http" } }),
      webhookSecret: "whsec_api_harness",
    },
    prisma,
    provisioning,
    betterAuthSecret: "test-better-auth-secret-0123456789abcdef",
    controlPlaneSecret: CONTROL_PLANE_SECRET,
    consoleOrigin: CONSOLE_ORIGIN,
    mailer,
    proxySecret: options.behindProxy === true ? PROXY_SECRET : undefined,
    logger: pino({ level: "warn" }),
    authLimits: options.authLimits,
    // Sign-ups answer at once unless a test looks at the floor that hides whether an address was registered.
    signUpAnswerMs: options.signUpAnswerMs ?? 0,
    watchIntervalMs: 50,
    drainMs: 1_000,
    connectorCatalog: options.connectorCatalog,
    hubBlobs: new FsBlobStore(hubDir),
  });
  const url = await api.listen(0, "127.0.0.1");
  return {
    url,
    prisma,
    queue: provisioning.queue,
    api,
    mailbox,
    stripe,
    hubDir,
    async close() {
      await api.close();
      await stripe.close();
      mailer.close();
      await mailbox.close();
      await provisioning.queue.obliterate({ force: true });
      await provisioning.close();
      await prisma.$disconnect();
      await db.drop();
      await rm(hubDir, { recursive: true, force: true });
    },
  };
}

/** Headers the console's proxy adds for a browser at `address` (the API must run `behindProxy`). */
export function viaProxyFrom(address: string): Record<string, string> {
  return { "x-forwarded-for": address, "x-freshet-proxy-secret": PROXY_SECRET };
}

/** POSTs to better-auth as the console's browser would (through the proxy: the console's Origin). */
export function authPost(api: { url: string }, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.url}/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: CONSOLE_ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
}

// What the console's /device page does for a signed-in person: look the CLI's code up (which
// claims it for them), then approve or deny it.
export function lookUpDeviceCode(api: { url: string }, cookie: string, userCode: string): Promise<Response> {
  return fetch(`${api.url}/api/auth/device?user_code=${encodeURIComponent(userCode)}`, { headers: { cookie, origin: CONSOLE_ORIGIN } });
}

export function answerDeviceCode(api: { url: string }, cookie: string, userCode: string, approve: boolean): Promise<Response> {
  return authPost(api, approve ? "/device/approve" : "/device/deny", { userCode }, { cookie });
}

/**
 * Signs up, opens the verification link mailed to the address (which signs in), and answers the
 * session cookie: what a person does with the console and their inbox.
 */
export async function signUp(api: { url: string; mailbox: MailCatcher }, email: string, name = email.split("@")[0]!): Promise<string> {
  const response = await authPost(api, "/sign-up/email", { email, password: passwordOf(email), name });
  if (response.status !== 200) throw new Error(`sign-up of ${email} answered ${response.status}: ${await response.text()}`);
  return openVerificationLink(api, email);
}

/** Follows the newest verification link mailed to `email` as the browser would, and answers the session cookie it sets. */
export async function openVerificationLink(api: { url: string; mailbox: MailCatcher }, email: string): Promise<string> {
  const mail = await api.mailbox.waitFor((m) => m.to.includes(email.toLowerCase()) && m.subject.startsWith("Confirm your email"));
  const link = new URL(mail.links[0]!);
  // The link names the console's origin; the test talks to the API directly, as the console's proxy would.
  const response = await fetch(`${api.url}${link.pathname}${link.search}`, { redirect: "manual" });
  if (response.status !== 302) throw new Error(`the verification link of ${email} answered ${response.status}: ${await response.text()}`);
  return sessionCookie(response);
}

export const passwordOf = (email: string): string => `pw-${email}-correct-horse`;

export function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
  if (cookie === undefined) throw new Error("no session cookie in the answer");
  return cookie.split(";")[0]!;
}

export type Credential = { cookie: string } | { bearer: string } | null;

function headersFor(credential: Credential): Record<string, string> {
  if (credential === null) return {};
  return "cookie" in credential ? { cookie: credential.cookie, origin: CONSOLE_ORIGIN } : { authorization: `Bearer ${credential.bearer}` };
}

/** A tRPC client as the console builds it (queries and mutations over HTTP, subscriptions over SSE). */
export function trpcClient(api: { url: string }, credential: Credential) {
  const headers = headersFor(credential);
  const url = `${api.url}/api/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          EventSource,
          eventSourceOptions: { fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }) },
        }),
        false: httpLink({ url, headers }),
      }),
    ],
  });
}

export type Client = ReturnType<typeof trpcClient>;

/** The tRPC code a failed call carried ("OK" when it did not fail). */
export async function codeOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "OK";
  } catch (error) {
    if (error instanceof TRPCClientError) return (error.data as { code?: string } | undefined)?.code ?? `client error: ${error.message}`;
    throw error;
  }
}
