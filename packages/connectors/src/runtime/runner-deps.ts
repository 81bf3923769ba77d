import type { EdgeChain } from "@freshet/client/smartmodules/edge";
import type { Logger } from "pino";
import type { ConnectorConfig } from "../config/connector-config.js";
import type { ConnectorClock } from "../kit/connector.js";
import type { ConnectorMetrics } from "./connector-metrics.js";
import { withRetry } from "./retry.js";

/** What the source and sink runners share. */
export interface RunnerDeps {
  readonly config: ConnectorConfig;
  /** The connector's own settings, validated by its schema. */
  readonly settings: unknown;
  readonly transforms: EdgeChain | undefined;
  readonly metrics: ConnectorMetrics;
  readonly logger: Logger;
  readonly clock: ConnectorClock;
  /** Aborted to stop. */
  readonly signal: AbortSignal;
  /** The connector opened and moves data. */
  running(): void;
  /** The last problem it recovered from (or is retrying), for the status. */
  setReason(reason: string | undefined): void;
}

/** Runs `run` under the config's retry settings; each failed attempt is counted, logged and kept as the status's reason. */
export function attemptWith(deps: RunnerDeps): <T>(what: string, run: () => Promise<T>) => Promise<T> {
  return (what, run) =>
    withRetry(what, run, deps.config.errors.retry, deps.clock, deps.signal, (error, delayMs) => {
      deps.metrics.error();
      deps.setReason(`${what} failed, retrying in ${delayMs.toString()} ms: ${(error as Error).message}`);
      deps.logger.warn({ err: error, delayMs }, `${what} failed; retrying`);
    });
}
