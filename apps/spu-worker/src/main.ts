#!/usr/bin/env node
import { mkdir, readFile } from "node:fs/promises";
import { Broker, type BrokerConfig } from "@freshet/engine/broker/broker";
import { systemClock, type EngineResources } from "@freshet/engine/system/resources";
import type { MetricsServer } from "@freshet/engine/metrics/metrics-server";
import type { MetricsRegistry } from "@freshet/engine/metrics/registry";
import { shutdownOnSignal } from "@freshet/program/shutdown";
import { pino, type Logger } from "pino";
import { loadConfig, type WorkerConfig } from "./config.js";
import { liveOwner, removeRuntimeFile, writeRuntimeFile } from "./launch/runtime-file.js";
import { usage, wantsHelp } from "./usage.js";

/*
 * What only one role or an optional setting uses (the controller, the SPU's link to it, TLS,
 * SASL, the metrics endpoint) is imported when that role or setting asks for it: a broker
 * that never needs them does not keep their code, and the zod schemas some of them build at
 * load, in memory (issue 14's idle-RSS goal).
 */

/** A setting that turned out bad only once read (a file): reported like a bad flag, exit code 2. */
class ConfigError extends Error {}

interface Running {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

async function readTls(config: WorkerConfig): Promise<{ certPem: string; keyPem: string } | undefined> {
  if (config.tlsCert === undefined || config.tlsKey === undefined) return undefined;
  try {
    const tls = { certPem: await readFile(config.tlsCert, "utf8"), keyPem: await readFile(config.tlsKey, "utf8") };
    // Checked here so a bad file is reported like a bad flag, not as a crash.
    const { createSecureContext } = await import("node:tls");
    createSecureContext({ cert: tls.certPem, key: tls.keyPem });
    return tls;
  } catch (cause) {
    throw new ConfigError(`cannot read the TLS certificate or key: ${(cause as Error).message}`);
  }
}

/** Starts what the role asks for: a standalone broker, the controller, or an SPU joining one. */
async function startRole(config: WorkerConfig, resources: EngineResources): Promise<Running> {
  if (config.role === "sc") {
    const topicDefaults = { numPartitions: config.defaultPartitions, ...(config.defaultReplicationFactor === undefined ? {} : { replicationFactor: config.defaultReplicationFactor }) };
    const options = {
      dataDir: config.dataDir,
      host: config.host,
      port: config.port,
      spuTimeoutMs: config.spuTimeoutMs,
      secretFile: config.controllerSecret!,
      topicDefaults,
      ...(config.maxPartitions !== undefined ? { maxPartitions: config.maxPartitions } : {}),
    };
    const { ControllerSecretError, startController } = await import("@freshet/engine/controller/run-controller");
    return startController(options, resources).catch((cause: unknown) => {
      throw cause instanceof ControllerSecretError ? new ConfigError(cause.message) : cause;
    });
  }
  let saslCredentials;
  if (config.saslCredentials !== undefined) {
    const { loadCredentialsFile } = await import("@freshet/engine/auth/credentials-file");
    const loaded = await loadCredentialsFile(config.saslCredentials);
    if (!loaded.ok) throw new ConfigError(loaded.error);
    saslCredentials = loaded.value;
  }
  const brokerConfig = {
    ...config,
    saslCredentials,
    saslCredentialsPath: config.saslCredentials,
    superUsers: (config.superUsers ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name.length > 0),
    tls: await readTls(config),
    maxQueuedBytesPerConnection: config.maxConnectionRequestBytes,
    retentionCheckIntervalMs: 60_000,
    maxInFlightPerConnection: 128,
    smartModuleLimits: { batchTimeoutMs: config.smTimeoutMs, memoryLimitBytes: config.smMemoryMb * 2 ** 20 },
    smartFetchIdleMs: config.smFetchIdleMs,
    smartModuleInstances: { maxInstances: config.smMaxInstances, maxInstancesPerPrincipal: config.smMaxInstancesPerPrincipal },
    smartModuleQuarantineAfter: config.smQuarantineAfter,
  };
  const broker = config.role === "spu" ? await startSpu(config, brokerConfig, resources) : await Broker.start({ config: brokerConfig, resources });
  return { host: broker.identity.host, port: broker.identity.port, close: () => broker.close() };
}

/** An SPU: a broker that joins the controller at --sc, proving membership with the secret in --controller-secret. */
async function startSpu(config: WorkerConfig, brokerConfig: BrokerConfig, resources: EngineResources): Promise<Broker> {
  const [{ readControllerSecret }, { joinController }] = await Promise.all([import("@freshet/client/admin/controller-secret"), import("@freshet/engine/replication/controller-link")]);
  const secret = await readControllerSecret(config.controllerSecret!);
  if (!secret.ok) throw new ConfigError(secret.error);
  const sc = { ...config.sc!, secret: secret.value };
  return Broker.start({ config: brokerConfig, resources, join: (self) => joinController(sc, self, resources) });
}

/**
 * A connector: it listens on no Kafka port, so the runtime file names its metrics endpoint (or
 * port 0 without one); supervisors read its state from the status file in --data-dir.
 */
async function startConnectorRole(config: WorkerConfig, logger: Logger, metrics: MetricsRegistry | undefined): Promise<Running> {
  const { ConnectorConfigError, startConnector } = await import("@freshet/connectors/runtime");
  const connector = await startConnector({ configPath: config.connectorConfig!, dataDir: config.dataDir, logger, ...(metrics === undefined ? {} : { metrics }) }).catch((cause: unknown) => {
    throw cause instanceof ConnectorConfigError ? new ConfigError(cause.message) : cause;
  });
  // main() names the metrics endpoint's port instead (config.ts gives a connector one).
  return { host: config.host, port: 0, close: () => connector.close() };
}

/**
 * A dataflow: it listens on no Kafka port; the runtime file names its HTTP API (views and status),
 * served on --host/--port. Supervisors also read its state from the status file in --data-dir.
 */
async function startDataflowRole(config: WorkerConfig, logger: Logger, metrics: MetricsRegistry | undefined): Promise<Running> {
  const { DataflowConfigError, startDataflow } = await import("@freshet/dataflow/runtime");
  const dataflow = await startDataflow({
    configPath: config.dataflowConfig!,
    dataDir: config.dataDir,
    host: config.host,
    port: config.port,
    logger,
    ...(metrics === undefined ? {} : { metrics }),
  }).catch((cause: unknown) => {
    throw cause instanceof DataflowConfigError ? new ConfigError(cause.message) : cause;
  });
  return { host: config.host, port: dataflow.port, close: () => dataflow.close() };
}

/** The process's metrics registry and its endpoint at host:port. */
async function serveProcessMetrics(host: string, port: number, logger: Logger): Promise<{ registry: MetricsRegistry; server: MetricsServer }> {
  const [{ createMetricsRegistry }, { serveMetrics }] = await Promise.all([import("@freshet/engine/metrics/registry"), import("@freshet/engine/metrics/metrics-server")]);
  const registry = createMetricsRegistry();
  const server = await serveMetrics(registry, host, port, logger).catch((cause: unknown) => {
    throw new ConfigError(`cannot serve metrics on ${host}:${port}: ${(cause as Error).message}`);
  });
  return { registry, server };
}

/** Entry point of a Freshet engine process: runs its role until SIGTERM/SIGINT. */
async function main(): Promise<number> {
  if (wantsHelp(process.argv.slice(2))) {
    process.stdout.write(usage());
    return 0;
  }
  const loaded = loadConfig(process.argv.slice(2), process.env);
  if (!loaded.ok) {
    process.stderr.write(`freshet-spu: ${loaded.message}\n`);
    return 2;
  }
  const { config } = loaded;
  const logger = pino({ level: config.logLevel, base: { role: config.role, node: config.nodeId } });
  const owner = await liveOwner(config.dataDir);
  if (owner !== null) {
    process.stderr.write(`freshet-spu: data directory ${config.dataDir} is in use by process ${owner}\n`);
    return 1;
  }
  await mkdir(config.dataDir, { recursive: true });
  // Served before the role starts: a port in use is reported like a bad flag, and the process metrics are there at once.
  let metricsServer: MetricsServer | undefined;
  let running: Running;
  try {
    const metrics = config.metricsPort === undefined ? undefined : await serveProcessMetrics(config.host, config.metricsPort, logger);
    metricsServer = metrics?.server;
    running =
      config.role === "connector"
        ? { ...(await startConnectorRole(config, logger, metrics?.registry)), port: metricsServer!.port }
        : config.role === "dataflow"
          ? await startDataflowRole(config, logger, metrics?.registry)
          : await startRole(config, { logger, clock: systemClock, metrics: metrics?.registry });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`freshet-spu: ${error.message}\n`);
    return 2;
  }
  const announced = writeRuntimeFile(config.dataDir, {
    pid: process.pid,
    host: running.host,
    port: running.port,
    nodeId: config.nodeId,
    metricsPort: metricsServer?.port,
    startedAt: new Date().toISOString(),
  });
  // Armed in the same tick the runtime file starts to be written, so before anyone can read it:
  // a launcher signals as soon as it sees the file, and a SIGTERM before the handler is there
  // ends the process by Node's default action, closing nothing and leaving the file behind.
  // The file goes even when closing failed (the process is ending either way), once it is written.
  const stopped = shutdownOnSignal({
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    steps: [() => metricsServer?.close(), () => running.close(), () => announced.finally(() => removeRuntimeFile(config.dataDir))],
  });
  await announced;
  logger.info({ dataDir: config.dataDir, port: running.port, metricsPort: metricsServer?.port }, `${config.role} ready`);
  return stopped;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`freshet-spu: fatal: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
