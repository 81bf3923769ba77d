import { z } from "zod";
import { PROVISIONING_QUEUE } from "@freshet/worker/jobs/catalog";

// Secrets may fall back to a fixed value only outside production: a forgotten variable in
// production must stop the server, not sign sessions with a key everyone can read here.
const production = process.env.NODE_ENV === "production";
const devSecret = (name: string) => (production ? z.string().min(32) : z.string().min(32).default(`freshet-local-${name}-not-for-production`));

const schema = z.object({
  // Postgres of the control plane. Default: the local server's `freshet` database.
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/freshet"),
  // Redis behind the BullMQ provisioning queue. Default: the local server.
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  // The BullMQ queue provisioning jobs go to; must be the worker's. Only tests change it (one queue each,
  // so a test's worker never takes another cloud's jobs on the same Redis). Default "provisioning".
  PROVISIONING_QUEUE: z.string().min(1).default(PROVISIONING_QUEUE),
  // TCP port the API listens on. Default 4000 (the console proxies /api/* there).
  API_PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  // Interface to bind. Default loopback: the console's proxy is the public face.
  API_HOST: z.string().min(1).default("127.0.0.1"),
  // Signs better-auth's session cookies; at least 32 characters. Required in production.
  BETTER_AUTH_SECRET: devSecret("auth-secret"),
  // Derives each tenant cluster's `freshet-control` password (HMAC-SHA256 per cluster id); the
  // provisioning worker must see the same value. At least 32 characters. Required in production.
  CONTROL_PLANE_SECRET: devSecret("control-plane-secret"),
  // The console's origin, as the browser sees it: better-auth's base URL and its only trusted origin.
  // Default: the console's `next dev` address.
  CONSOLE_ORIGIN: z.url().default("http://127.0.0.1:3000"),
  // "true" when a proxy we run sits in front (the console): the client address is then the last
  // X-Forwarded-For entry, which that proxy appended. Default false: the socket's address.
  TRUST_PROXY: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
});

export type Env = z.infer<typeof schema>;

/** Parses `source` (process.env by default); an empty variable counts as unset. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const entries = Object.entries(source).filter(([, value]) => value !== "");
  const parsed = schema.safeParse(Object.fromEntries(entries));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  throw new Error(`invalid environment: ${issues}`);
}
