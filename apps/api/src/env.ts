import { z } from "zod";
import { localDatabaseUrl } from "@freshet/db/database-url";
import { parseEnvironment } from "@freshet/program/env";
import { devSecretsAllowed, secretSchema } from "@freshet/control-plane/dev-secrets";
import { PROVISIONING_QUEUE } from "@freshet/control-plane/jobs/catalog";

const schemaFor = (allowDevSecrets: boolean) =>
  z.object({
    // Postgres of the control plane. Default: the local server's `freshet` database.
    DATABASE_URL: z.url().default(localDatabaseUrl),
    // Redis behind the BullMQ provisioning queue. Default: the local server.
    REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
    // The BullMQ queue provisioning jobs go to; must be the worker's. Only tests change it (one queue each,
    // so a test's worker never takes another cloud's jobs on the same Redis). Default "provisioning".
    PROVISIONING_QUEUE: z.string().min(1).default(PROVISIONING_QUEUE),
    // TCP port the API listens on. Default 4000 (the console proxies /api/* there).
    API_PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
    // Interface to bind. Default loopback: the console's proxy is the public face.
    API_HOST: z.string().min(1).default("127.0.0.1"),
    // Signs better-auth's session cookies and email-verification links. Required, at least 32
    // characters; the published development value only with NODE_ENV=test or FRESHET_DEV_SECRETS=true.
    BETTER_AUTH_SECRET: secretSchema("auth-secret", allowDevSecrets),
    // Derives each tenant cluster's `freshet-control` password (HMAC-SHA256 per cluster id); the
    // provisioning worker must see the same value. Required as BETTER_AUTH_SECRET is.
    CONTROL_PLANE_SECRET: secretSchema("control-plane-secret", allowDevSecrets),
    // The console's origin, as the browser sees it: better-auth's base URL and its only trusted origin.
    // Default: the console's `next dev` address.
    CONSOLE_ORIGIN: z.url().default("http://127.0.0.1:3000"),
    // Shared with the proxy in front (the console's server, API_PROXY_SECRET there): only requests that
    // carry it in `x-freshet-proxy-secret` may name the client in X-Forwarded-For (its last entry).
    // At least 32 characters. Unset: X-Forwarded-For is ignored and the socket's address counts.
    PROXY_SECRET: z.string().min(32).optional(),
    // SMTP server that verification and invitation mail goes to, e.g. smtp://user:pass@mail.example.com:587.
    // `npm start` points it at its loopback mail catcher. Required outside tests.
    SMTP_URL: allowDevSecrets ? z.url().optional() : z.url(),
    // The From address of that mail. Default "Freshet <no-reply@freshet.local>".
    MAIL_FROM: z.string().min(3).default("Freshet <no-reply@freshet.local>"),
  });

export type Env = z.infer<ReturnType<typeof schemaFor>>;

/** Parses `source` (process.env by default); an empty variable counts as unset. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnvironment(schemaFor(devSecretsAllowed(source)), source);
}
