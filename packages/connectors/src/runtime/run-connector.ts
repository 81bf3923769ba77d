import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { parseConnectorConfig, type ConnectorConfig } from "../config/connector-config.js";
import { ClusterPasswordFileError, saslOf } from "./cluster-sasl.js";
import type { ConnectorClock } from "../kit/connector.js";
import { ConnectorMetrics, type ConnectorState } from "./connector-metrics.js";
import { loadConnector } from "./load-connector.js";
import { ConnectorFailure } from "./retry.js";
import type { RunnerDeps } from "./runner-deps.js";
import { runSink } from "./sink-runner.js";
import { runSource } from "./source-runner.js";
import { writeStatusFile } from "./status-file.js";
import { systemClock } from "./system-clock.js";
import { openTransforms } from "./transforms.js";

/** A config that cannot run: the message is one sentence naming the field. */
export class ConnectorConfigError extends Error {}

export interface ConnectorProcessOptions {
  readonly configPath: string;
  /** Where the status file goes. */
  readonly dataDir: string;
  readonly logger: Logger;
  readonly metrics?: Registry;
  readonly clock?: ConnectorClock;
  /** How often the status file is rewritten. Default 1 s. */
  readonly statusIntervalMs?: number;
}

export interface RunningConnector {
  readonly name: string;
  readonly kind: "source" | "sink";
  /** Stops moving data, flushes and commits what the target holds, and closes; safe to call twice. */
  close(): Promise<void>;
}

async function readConfig(configPath: string): Promise<ConnectorConfig> {
  const text = await readFile(configPath, "utf8").catch((cause: unknown) => {
    throw new ConnectorConfigError(`cannot read the connector config ${configPath}: ${(cause as Error).message}`);
  });
  const parsed = parseConnectorConfig(text);
  if (!parsed.ok) throw new ConnectorConfigError(`${configPath}: ${parsed.message}`);
  return parsed.config;
}

/**
 * Starts the connector a YAML file describes, as the `--role connector` process does. Resolves
 * once it started (bad configs reject with ConnectorConfigError); from then on it runs until
 * closed. When it cannot go on (the target stayed down past the retry timeout, a record refused
 * under errors.tolerance none) it is Failed: it stops moving data, says why in its status file
 * and metrics, and stays up until it is restarted.
 */
export async function startConnector(options: ConnectorProcessOptions): Promise<RunningConnector> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const baseDir = dirname(resolve(options.configPath));
  const config = await readConfig(options.configPath);
  const loaded = await loadConnector(config, baseDir);
  if (!loaded.ok) throw new ConnectorConfigError(`${options.configPath}: ${loaded.message}`);
  if (config.cluster === undefined) throw new ConnectorConfigError(`${options.configPath}: cluster: the cluster to connect to (cluster.bootstrap) is required`);
  const sasl = await saslOf(config.cluster, baseDir).catch((error: unknown) => {
    throw error instanceof ClusterPasswordFileError ? new ConnectorConfigError(error.message) : error;
  });
  let transforms;
  try {
    transforms = await openTransforms(config, baseDir);
  } catch (error) {
    throw new ConnectorConfigError(`${options.configPath}: ${(error as Error).message}`);
  }
  const { connector } = loaded;
  const client: FreshetClient = createClient({ bootstrap: config.cluster.bootstrap, clientId: `connector-${config.name}`, ...(sasl === undefined ? {} : { sasl }) });
  const metrics = new ConnectorMetrics(config.name, () => clock.now(), options.metrics);
  let state: ConnectorState = "starting";
  let reason: string | undefined;
  const writeStatus = (): Promise<void> =>
    writeStatusFile(options.dataDir, {
      name: config.name,
      kind: connector.kind,
      state,
      ...(reason === undefined ? {} : { reason }),
      updatedAt: new Date(clock.now()).toISOString(),
      metrics: metrics.snapshot(),
    }).catch((error: unknown) => logger.warn({ err: error }, "writing the status file failed"));
  const setState = (next: ConnectorState, why?: string): void => {
    state = next;
    reason = why;
    metrics.state(next);
    void writeStatus();
  };
  const stop = new AbortController();
  const deps: RunnerDeps = {
    config,
    settings: loaded.settings,
    transforms,
    metrics,
    logger,
    clock,
    signal: stop.signal,
    running: () => setState("running"),
    setReason: (why) => {
      reason = why;
    },
  };
  setState("starting");
  const statusTimer = setInterval(() => void writeStatus(), options.statusIntervalMs ?? 1_000);
  const run = (connector.kind === "source" ? runSource(connector, client, deps) : runSink(connector, client, deps)).then(
    () => undefined,
    (error: unknown) => {
      if (stop.signal.aborted) return;
      const message = error instanceof ConnectorFailure ? error.message : `unexpected error: ${(error as Error).message}`;
      logger.error({ err: error }, `connector failed: ${message}`);
      setState("failed", message);
    },
  );
  logger.info({ connector: config.name, type: connector.type, kind: connector.kind }, "connector started");
  let closing: Promise<void> | undefined;
  return {
    name: config.name,
    kind: connector.kind,
    close: () =>
      (closing ??= (async () => {
        stop.abort(new Error("the connector is stopping"));
        await run;
        clearInterval(statusTimer);
        await transforms?.close().catch(() => undefined);
        await client.close().catch(() => undefined);
        if (state !== "failed") setState("stopped");
        await writeStatus();
      })()),
  };
}
