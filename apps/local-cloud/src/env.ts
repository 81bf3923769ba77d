import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { localDatabaseUrl } from "@freshet/db/database-url";
import { parseEnvironment } from "@freshet/program/env";

const schema = z.object({
  // The control plane's database; created (if missing) and migrated before anything starts.
  DATABASE_URL: z.url().default(localDatabaseUrl),
  // Redis for the provisioning queue.
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  // Where the console listens; the URL printed at start. Default 3000.
  CONSOLE_PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  // Where the API listens (the console proxies /api/* to it). Default 4000.
  API_PORT: z.coerce.number().int().min(1).max(65_535).default(4000),
  // Tenant clusters' data and processes, and the cloud's own secrets (secrets.json). Default ~/.freshet/cloud.
  FRESHET_CLOUD_DATA: z
    .string()
    .min(1)
    .default(join(homedir(), ".freshet", "cloud")),
  // Where the loopback mail catcher listens (verification and invitation mail is printed, not sent).
  // Default 0: any free port.
  MAIL_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  // Where the Stripe simulator listens when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are unset
  // (with both set, real Stripe test mode is used and no simulator starts). Default 12111; 0: any free port.
  STRIPE_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(12_111),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
});

export type LocalCloudEnv = z.infer<typeof schema>;

/** Parses `source` (process.env by default); an empty variable counts as unset. */
export function parseLocalCloudEnv(source: NodeJS.ProcessEnv = process.env): LocalCloudEnv {
  return parseEnvironment(schema, source);
}
