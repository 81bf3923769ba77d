import { parseArgs } from "node:util";
import { LARGEST_FRAME_WITH_TLS } from "@freshet/engine/server/tls-sniff";
import { z } from "zod";

/**
 * The worker's configuration: command-line flags win over environment variables,
 * which win over defaults. Parsed once at start; a bad value stops the process
 * with a message naming the setting.
 */
const hostPort = z
  .string()
  .regex(/^[^:]+:\d{1,5}$/, "expected host:port")
  .transform((value) => {
    const at = value.lastIndexOf(":");
    return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
  });

const configSchema = z.object({
  /** standalone: a broker that is its own controller (default); sc: the cluster controller; spu: a cluster member; connector: runs the connector --connector-config describes; dataflow: runs the dataflow --dataflow-config describes. */
  role: z.enum(["standalone", "sc", "spu", "connector", "dataflow"]).default("standalone"),
  /** The YAML file of the connector a --role connector process runs. */
  connectorConfig: z.string().min(1).optional(),
  /** The YAML document of the dataflow a --role dataflow process runs. */
  dataflowConfig: z.string().min(1).optional(),
  /** The controller an SPU joins, host:port. Required with --role spu. */
  sc: hostPort.optional(),
  /** File holding the cluster's controller secret (mode 0600; the SC creates it on first start). Required with --role sc and spu. */
  controllerSecret: z.string().min(1).optional(),
  /** Milliseconds a follower may lag before it leaves the ISR. Default 10 s. */
  replicaLagMaxMs: z.coerce.number().int().min(100).default(10_000),
  /** Milliseconds without a heartbeat before the controller declares an SPU dead. Default 3 s. */
  spuTimeoutMs: z.coerce.number().int().min(100).default(3_000),
  /** Directory holding metadata.json, topics/ and internal/. Required. */
  dataDir: z.string().min(1, "a data directory is required (--data-dir or FRESHET_DATA_DIR)"),
  /** Interface to bind; default 127.0.0.1. */
  host: z.string().min(1).default("127.0.0.1"),
  /** Kafka listener port; 0 picks a free one. Default 9092. */
  port: z.coerce.number().int().min(0).max(65535).default(9092),
  /** Host advertised to clients in Metadata; default: the bind host. */
  advertisedHost: z.string().min(1).optional(),
  /** Broker id in Metadata. Default 0. */
  nodeId: z.coerce.number().int().min(0).default(0),
  /** pino level. Default info. */
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Most partitions the topics of this broker (standalone) or cluster (--role sc) may have in all, internal topics aside; unset: no limit. SPUs ignore it. */
  maxPartitions: z.coerce.number().int().min(1).optional(),
  /** Milliseconds between log-cleaner passes over compacted topics (Kafka's log.cleaner.backoff.ms). Default 15000. */
  logCleanerIntervalMs: z.coerce.number().int().min(10).default(15_000),
  /** Partitions for auto-created topics and CreateTopics with -1 (Kafka's num.partitions); in a cluster, the SC's applies. Default 1. */
  defaultPartitions: z.coerce.number().int().min(1).max(10_000).default(1),
  /** Replicas for auto-created topics and CreateTopics with -1; in a cluster, the SC's applies. Default: 3, or fewer on fewer brokers. */
  defaultReplicationFactor: z.coerce.number().int().min(1).max(32).optional(),
  /** Create unknown topics on Metadata requests that allow it. Default true. */
  autoCreateTopics: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).default(true),
  /** Largest request frame in bytes. Default 100 MiB (Kafka's socket.request.max.bytes). */
  maxFrameBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  /** Milliseconds a graceful shutdown may take before the process exits anyway. Default 30 s. */
  shutdownTimeoutMs: z.coerce.number().int().min(100).default(30_000),
  /** Milliseconds one batch may run in one SmartModule before its instance is stopped. Default 2000. */
  smTimeoutMs: z.coerce.number().int().min(10).max(600_000).default(2_000),
  /** MiB of linear memory one SmartModule instance may grow to. Default 128. */
  smMemoryMb: z.coerce.number().int().min(1).max(4_096).default(128),
  /** Milliseconds a SmartFetch session may sit unused before its chain is closed. Default 60 s. */
  smFetchIdleMs: z.coerce.number().int().min(100).default(60_000),
  /** SmartModule instances readers (SmartFetch) may hold on this broker at once. Default 32. */
  smMaxInstances: z.coerce.number().int().min(1).max(10_000).default(32),
  /** Of those, how many one principal may hold. Default 8. */
  smMaxInstancesPerPrincipal: z.coerce.number().int().min(1).max(10_000).default(8),
  /** Deadline kills or traps in a row (per principal and module) after which the module is quarantined for that principal. Default 5. */
  smQuarantineAfter: z.coerce.number().int().min(1).max(1_000).default(5),
  /** Milliseconds the first join of an empty consumer group waits for more members (Kafka's group.initial.rebalance.delay.ms). Default 3000. */
  groupInitialRebalanceDelayMs: z.coerce.number().int().min(0).max(300_000).default(3_000),
  /** JSON file of the users clients must log in as (SASL PLAIN / SCRAM-SHA-256); unset: no authentication. The SC ignores it. */
  saslCredentials: z.string().min(1).optional(),
  /** Comma-separated SASL users that may read and change client quotas and ACLs, and whom ACLs never restrict (Kafka's super.users). Default: none. */
  superUsers: z.string().optional(),
  /** Milliseconds a client connection may stay idle (nothing in flight, no complete request) before it is closed. Default 10 min (Kafka's connections.max.idle.ms). */
  connectionsMaxIdleMs: z.coerce.number().int().min(100).default(600_000),
  /** Client connections the Kafka listener holds at once. Default 1024. */
  maxConnections: z.coerce.number().int().min(1).default(1024),
  /** Client connections from one IP address. Default 256 (local clusters see every client at 127.0.0.1). */
  maxConnectionsPerAddress: z.coerce.number().int().min(1).default(256),
  /** Bytes of requests one connection may have unanswered before the broker stops reading it. Default: --max-frame-bytes. */
  maxConnectionRequestBytes: z.coerce.number().int().min(1024).optional(),
  /** PEM certificate (chain) for TLS on the Kafka port; with --tls-key, clients may connect with TLS and log in with PLAIN. */
  tlsCert: z.string().min(1).optional(),
  /** PEM private key of --tls-cert. */
  tlsKey: z.string().min(1).optional(),
  /** Port of the Prometheus /metrics endpoint, on --host; 0 picks a free one. Unset: no endpoint. */
  metricsPort: z.coerce.number().int().min(0).max(65535).optional(),
});

export type WorkerConfig = z.infer<typeof configSchema>;

export const FLAGS = {
  role: { type: "string", env: "FRESHET_ROLE", key: "role" },
  "connector-config": { type: "string", env: "FRESHET_CONNECTOR_CONFIG", key: "connectorConfig" },
  "dataflow-config": { type: "string", env: "FRESHET_DATAFLOW_CONFIG", key: "dataflowConfig" },
  sc: { type: "string", env: "FRESHET_SC", key: "sc" },
  "controller-secret": { type: "string", env: "FRESHET_CONTROLLER_SECRET_FILE", key: "controllerSecret" },
  "replica-lag-max-ms": { type: "string", env: "FRESHET_REPLICA_LAG_MAX_MS", key: "replicaLagMaxMs" },
  "spu-timeout-ms": { type: "string", env: "FRESHET_SPU_TIMEOUT_MS", key: "spuTimeoutMs" },
  "data-dir": { type: "string", env: "FRESHET_DATA_DIR", key: "dataDir" },
  host: { type: "string", env: "FRESHET_HOST", key: "host" },
  port: { type: "string", env: "FRESHET_PORT", key: "port" },
  "advertised-host": { type: "string", env: "FRESHET_ADVERTISED_HOST", key: "advertisedHost" },
  "node-id": { type: "string", env: "FRESHET_NODE_ID", key: "nodeId" },
  "log-level": { type: "string", env: "FRESHET_LOG_LEVEL", key: "logLevel" },
  "num-partitions": { type: "string", env: "FRESHET_NUM_PARTITIONS", key: "defaultPartitions" },
  "default-replication-factor": { type: "string", env: "FRESHET_DEFAULT_REPLICATION_FACTOR", key: "defaultReplicationFactor" },
  "max-partitions": { type: "string", env: "FRESHET_MAX_PARTITIONS", key: "maxPartitions" },
  "log-cleaner-interval-ms": { type: "string", env: "FRESHET_LOG_CLEANER_INTERVAL_MS", key: "logCleanerIntervalMs" },
  "auto-create-topics": { type: "string", env: "FRESHET_AUTO_CREATE_TOPICS", key: "autoCreateTopics" },
  "max-frame-bytes": { type: "string", env: "FRESHET_MAX_FRAME_BYTES", key: "maxFrameBytes" },
  "shutdown-timeout-ms": { type: "string", env: "FRESHET_SHUTDOWN_TIMEOUT_MS", key: "shutdownTimeoutMs" },
  "sm-timeout-ms": { type: "string", env: "FRESHET_SM_TIMEOUT_MS", key: "smTimeoutMs" },
  "sm-memory-mb": { type: "string", env: "FRESHET_SM_MEMORY_MB", key: "smMemoryMb" },
  "sm-fetch-idle-ms": { type: "string", env: "FRESHET_SM_FETCH_IDLE_MS", key: "smFetchIdleMs" },
  "sm-max-instances": { type: "string", env: "FRESHET_SM_MAX_INSTANCES", key: "smMaxInstances" },
  "sm-max-instances-per-principal": { type: "string", env: "FRESHET_SM_MAX_INSTANCES_PER_PRINCIPAL", key: "smMaxInstancesPerPrincipal" },
  "sm-quarantine-after": { type: "string", env: "FRESHET_SM_QUARANTINE_AFTER", key: "smQuarantineAfter" },
  "sasl-credentials": { type: "string", env: "FRESHET_SASL_CREDENTIALS", key: "saslCredentials" },
  "super-users": { type: "string", env: "FRESHET_SUPER_USERS", key: "superUsers" },
  "connections-max-idle-ms": { type: "string", env: "FRESHET_CONNECTIONS_MAX_IDLE_MS", key: "connectionsMaxIdleMs" },
  "max-connections": { type: "string", env: "FRESHET_MAX_CONNECTIONS", key: "maxConnections" },
  "max-connections-per-address": { type: "string", env: "FRESHET_MAX_CONNECTIONS_PER_ADDRESS", key: "maxConnectionsPerAddress" },
  "max-connection-request-bytes": { type: "string", env: "FRESHET_MAX_CONNECTION_REQUEST_BYTES", key: "maxConnectionRequestBytes" },
  "tls-cert": { type: "string", env: "FRESHET_TLS_CERT", key: "tlsCert" },
  "tls-key": { type: "string", env: "FRESHET_TLS_KEY", key: "tlsKey" },
  "group-initial-rebalance-delay-ms": { type: "string", env: "FRESHET_GROUP_INITIAL_REBALANCE_DELAY_MS", key: "groupInitialRebalanceDelayMs" },
  "metrics-port": { type: "string", env: "FRESHET_METRICS_PORT", key: "metricsPort" },
} as const;

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): { ok: true; config: WorkerConfig } | { ok: false; message: string } {
  let values: Record<string, string | undefined>;
  try {
    const options = Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: "string" as const }]));
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (cause) {
    return { ok: false, message: (cause as Error).message };
  }
  const raw: Record<string, string | undefined> = {};
  for (const [flag, spec] of Object.entries(FLAGS)) raw[spec.key] = values[flag] ?? env[spec.env];
  const parsed = configSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    const flag = Object.entries(FLAGS).find(([, spec]) => spec.key === key);
    return { ok: false, message: `invalid ${flag ? `--${flag[0]} / ${flag[1].env}` : key}: ${issue.message}` };
  }
  if ((parsed.data.tlsCert === undefined) !== (parsed.data.tlsKey === undefined)) {
    return { ok: false, message: "TLS needs both --tls-cert and --tls-key (or FRESHET_TLS_CERT and FRESHET_TLS_KEY)" };
  }
  if (parsed.data.tlsCert !== undefined && parsed.data.maxFrameBytes > LARGEST_FRAME_WITH_TLS) {
    // A larger size prefix could begin with the byte that announces TLS on the shared port.
    return { ok: false, message: `with TLS, --max-frame-bytes is at most ${LARGEST_FRAME_WITH_TLS}` };
  }
  if (parsed.data.role === "spu" && parsed.data.sc === undefined) {
    return { ok: false, message: "--role spu needs the controller address: --sc host:port (or FRESHET_SC)" };
  }
  if (parsed.data.role === "connector") {
    if (parsed.data.connectorConfig === undefined) return { ok: false, message: "--role connector needs the connector's YAML file: --connector-config FILE (or FRESHET_CONNECTOR_CONFIG)" };
    // A connector listens on no Kafka port; its metrics endpoint is how it is reached (and what its runtime file names).
    return { ok: true, config: { ...parsed.data, metricsPort: parsed.data.metricsPort ?? 0 } };
  }
  if (parsed.data.role === "dataflow") {
    if (parsed.data.dataflowConfig === undefined) return { ok: false, message: "--role dataflow needs the dataflow's YAML document: --dataflow-config FILE (or FRESHET_DATAFLOW_CONFIG)" };
    // --port is the dataflow's HTTP API (views and status), on a free port unless given.
    return { ok: true, config: { ...parsed.data, port: raw["port"] === undefined ? 0 : parsed.data.port } };
  }
  if (parsed.data.role !== "standalone" && parsed.data.controllerSecret === undefined) {
    return { ok: false, message: `--role ${parsed.data.role} needs the cluster's controller secret file: --controller-secret FILE (or FRESHET_CONTROLLER_SECRET_FILE)` };
  }
  return { ok: true, config: parsed.data };
}
