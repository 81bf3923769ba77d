import { homedir } from "node:os";
import { join } from "node:path";
import { ENGINE_ENTRY } from "@freshet/spu-worker/launch";
import { z } from "zod";
import { localDatabaseUrl } from "@freshet/db/database-url";
import { parseEnvironment } from "@freshet/program/env";
import { devSecretsAllowed, secretSchema } from "@freshet/control-plane/dev-secrets";

const millis = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const schemaFor = (allowDevSecrets: boolean) =>
  z.object({
    // Postgres of the control plane (Cluster and ClusterCredential rows). Default: the local `freshet` database.
    DATABASE_URL: z.url().default(localDatabaseUrl),
    // Redis behind the BullMQ queue. Default: the local server.
    REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
    // The queue consumed; only tests change it (one queue each). Default "provisioning".
    PROVISIONING_QUEUE: z.string().min(1).default("provisioning"),
    // Derives each cluster's `freshet-control` password and internal replication user; must equal the API's.
    // Required, at least 32 characters; the published development value only with NODE_ENV=test or
    // FRESHET_DEV_SECRETS=true (see dev-secrets.ts).
    CONTROL_PLANE_SECRET: secretSchema("control-plane-secret", allowDevSecrets),
    // Root of tenant clusters' data: <FRESHET_CLOUD_DATA>/clusters/<clusterId>/. Default ~/.freshet/cloud.
    FRESHET_CLOUD_DATA: z
      .string()
      .min(1)
      .default(join(homedir(), ".freshet", "cloud")),
    // The engine process started for every SC and SPU. Default: apps/spu-worker/dist/main.js of this workspace.
    FRESHET_SPU_ENTRY: z.string().min(1).default(ENGINE_ENTRY),
    // Jobs run at once (each holds its cluster's lock, so one cluster's jobs never overlap). Default 2.
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    // Milliseconds a job's lock lasts without renewal: after a worker dies, its job is taken over this
    // much later. Default 30 s (BullMQ's).
    WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
    // Milliseconds between checks for jobs whose worker died. Default 30 s (BullMQ's).
    WORKER_STALLED_CHECK_MS: z.coerce.number().int().min(500).default(30_000),
    // Milliseconds between reconcile passes after the one at start; 0: only at start. Default 60 s.
    RECONCILE_INTERVAL_MS: millis(60_000),
    // Milliseconds between usage collection passes (scrape every Running cluster's SPU metrics into
    // usage events and hours); 0: no collection. Default 60 s.
    METERING_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((ms) => ms === 0 || ms >= 1_000, { message: "must be 0 (off) or at least 1000" })
      .default(60_000),
    // The queue of the usage collection job; only tests change it. Default "metering".
    METERING_QUEUE: z.string().min(1).default("metering"),
    // Milliseconds between cluster metrics passes (scrape every Running cluster's SPUs into the
    // console's chart history, ClusterMetricPoint); 0: no collection. Default 15 s.
    METRICS_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((ms) => ms === 0 || ms >= 500, { message: "must be 0 (off) or at least 500" })
      .default(15_000),
    // The queue of the cluster metrics job; only tests change it. Default "cluster-metrics".
    METRICS_QUEUE: z.string().min(1).default("cluster-metrics"),
    // Milliseconds between alert evaluations (read every enabled rule's signal from its cluster, fire or
    // clear it, then POST the webhooks owed); 0: no evaluation. Default 30 s.
    ALERTS_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((ms) => ms === 0 || ms >= 500, { message: "must be 0 (off) or at least 500" })
      .default(30_000),
    // The queue of the alert evaluation job; only tests change it. Default "alerts".
    ALERTS_QUEUE: z.string().min(1).default("alerts"),
    // Milliseconds between hub update passes (every Running cluster with hub auto-update on loads the
    // newest non-yanked version its hub SmartModules' ranges allow); 0: no updates. Default 1 h.
    // The hub's artifacts are read from the store HUB_STORAGE* names (@freshet/hub/storage), as the API's.
    HUB_UPDATE_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((ms) => ms === 0 || ms >= 1_000, { message: "must be 0 (off) or at least 1000" })
      .default(3_600_000),
    // The queue of the hub update job; only tests change it. Default "hub-updates".
    HUB_UPDATE_QUEUE: z.string().min(1).default("hub-updates"),
    // Milliseconds a graceful shutdown (finishing running jobs) may take before the process exits. Default 30 s.
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    // The billing jobs' queue (period close, Stripe outbox, budgets); only tests change it. Default "billing".
    BILLING_QUEUE: z.string().min(1).default("billing"),
    // Milliseconds after a month ends before it is closed, so late usage settles first. Default 1 h.
    BILLING_SETTLE_MS: millis(3_600_000),
    // Milliseconds an account stays past due after a failed payment before it is suspended (and capped). Default 7 days.
    BILLING_DUNNING_GRACE_MS: millis(7 * 86_400_000),
    // Milliseconds between period-close runs. Default 1 h.
    BILLING_CLOSE_EVERY_MS: z.coerce.number().int().min(1_000).default(3_600_000),
    // Milliseconds between runs of the Stripe outbox dispatcher. Default 60 s.
    BILLING_DISPATCH_EVERY_MS: z.coerce.number().int().min(1_000).default(60_000),
    // Milliseconds between budget, cap and dunning evaluations, each followed by applying the caps to
    // the clusters' producer quotas. Default 20 s, so a cap lifted in the console stops throttling within a minute.
    BILLING_BUDGET_EVERY_MS: z.coerce.number().int().min(1_000).default(20_000),
    // Bytes per second each producer of a capped organization's clusters may still write (Kafka
    // producer_byte_rate: clients slow down, nothing is refused). Default 64 KiB/s.
    SPEND_CAP_FLOOR_BYTES_PER_SECOND: z.coerce.number().int().min(1_024).default(65_536),
    // STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE: read by @freshet/billing-stripe (stripeConfigFromEnv).
    // pino level. Default info.
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  });

export type WorkerEnv = z.infer<ReturnType<typeof schemaFor>>;

/** Parses `source` (process.env by default); an empty variable counts as unset. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  return parseEnvironment(schemaFor(devSecretsAllowed(source)), source);
}
