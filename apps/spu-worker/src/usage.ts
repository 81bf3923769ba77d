import { FLAGS } from "./config.js";

type FlagName = keyof typeof FLAGS;

/**
 * What `--help` says about each flag. Typed over every flag of the configuration, so a flag
 * added without a line here does not compile: the usage text cannot fall behind the flags.
 */
const FLAG_HELP: Record<FlagName, string> = {
  role: "standalone (a broker that is its own controller), sc (the cluster controller), spu (a cluster member), connector (runs the connector --connector-config describes) or dataflow (runs the dataflow --dataflow-config describes). Default standalone",
  "connector-config": "the YAML file of the connector a --role connector process runs; its status goes to connector-status.json in --data-dir",
  "dataflow-config":
    "the YAML document of the dataflow a --role dataflow process runs; its checkpoints go to state/ and its status to dataflow-status.json in --data-dir, its HTTP API (views, status) listens on --port (default: a free one)",
  sc: "host:port of the controller an SPU joins; required with --role spu",
  "replica-lag-max-ms": "milliseconds a follower may lag before it leaves the ISR. Default 10000",
  "spu-timeout-ms": "milliseconds without a heartbeat before the controller declares an SPU dead. Default 3000",
  "data-dir": "directory holding metadata.json, topics/ and internal/. Required",
  host: "interface to bind. Default 127.0.0.1",
  port: "Kafka listener port (with --role dataflow: the HTTP API's); 0 picks a free one. Default 9092 (dataflow: 0)",
  "advertised-host": "host advertised to clients in Metadata. Default: the bind host",
  "node-id": "broker id in Metadata. Default 0",
  "log-level": "fatal, error, warn, info, debug, trace or silent. Default info",
  "num-partitions": "partitions for auto-created topics and CreateTopics with -1 (Kafka's num.partitions); in a cluster the SC's value applies. Default 1",
  "default-replication-factor": "replicas for auto-created topics and CreateTopics with -1; in a cluster the SC's value applies. Default 3, or fewer on fewer brokers",
  "auto-create-topics": "true or false: create unknown topics on Metadata requests that allow it. Default true",
  "max-frame-bytes": "largest request frame in bytes. Default 104857600 (100 MiB)",
  "shutdown-timeout-ms": "milliseconds a graceful shutdown may take before the process exits anyway. Default 30000",
  "sm-timeout-ms": "milliseconds one batch may run in one SmartModule before its instance is stopped. Default 2000",
  "sm-memory-mb": "MiB of linear memory one SmartModule instance may grow to. Default 128",
  "sm-fetch-idle-ms": "milliseconds a SmartFetch session may sit unused before its chain is closed. Default 60000",
  "sm-max-instances": "SmartModule instances readers (SmartFetch) may hold on this broker at once; beyond it a reader is refused. Default 32",
  "sm-max-instances-per-principal": "of those, how many one principal (SASL user, or all unauthenticated clients together) may hold. Default 8",
  "sm-quarantine-after":
    "deadline kills or traps of a module in a row, for one principal, after which that principal's new streams may not start it for 30 s, doubling while it keeps failing (up to 15 min). Default 5",
  "sasl-credentials": "JSON file of the users clients must log in as (SASL PLAIN only over TLS, SCRAM-SHA-256). Default: no authentication",
  "super-users": "comma-separated SASL users that may read and change client quotas and ACLs, and whom ACLs never restrict. Default: none (without --sasl-credentials every client may)",
  "controller-secret": "file (mode 0600) holding the cluster's controller secret; the SC creates it, SPUs and tools prove they hold it. Required with --role sc and spu",
  "max-partitions": "most partitions this broker's (standalone) or cluster's (--role sc) topics may have in all, internal topics aside. Default: no limit",
  "connections-max-idle-ms": "milliseconds a connection may sit with nothing in flight (or half a frame sent) before it is closed. Default 600000",
  "max-connections": "most client connections the listener keeps at once. Default 1024",
  "max-connections-per-address": "most client connections from one address. Default 256",
  "max-connection-request-bytes": "bytes of unanswered requests one connection may have buffered before the broker stops reading it. Default: the frame limit",
  "tls-cert": "PEM certificate chain for TLS on the Kafka port (TLS and plaintext share it); needs --tls-key",
  "tls-key": "PEM private key of --tls-cert",
  "log-cleaner-interval-ms": "milliseconds between log-cleaner passes over compacted topics (cleanup.policy=compact). Default 15000",
  "group-initial-rebalance-delay-ms": "milliseconds the first join of an empty consumer group waits for more members (Kafka's group.initial.rebalance.delay.ms). Default 3000",
  "metrics-port": "port of the Prometheus endpoint GET /metrics on --host; 0 picks a free one (recorded in <data-dir>/spu.json as metricsPort). Default: no endpoint",
};

/** True when the command line asks for the usage text instead of a run. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/** The usage text: every flag, its environment variable and what it sets. */
export function usage(): string {
  const rows = (Object.keys(FLAGS) as FlagName[]).map((flag) => ({ flag: `--${flag} <value>`, env: FLAGS[flag].env, help: FLAG_HELP[flag] }));
  const width = Math.max(...rows.map((r) => r.flag.length));
  const lines = rows.map((r) => `  ${r.flag.padEnd(width)}  ${r.help} (env ${r.env})`);
  return [
    "Usage: freshet-spu [options]",
    "",
    "Runs a Freshet engine process: a standalone broker, the cluster controller (SC), an SPU, a connector or a dataflow.",
    "Flags win over environment variables, which win over defaults.",
    "",
    "Options:",
    ...lines,
    `  ${"--help, -h".padEnd(width)}  print this text and exit`,
    "",
  ].join("\n");
}
