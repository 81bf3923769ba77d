import type { Logger } from "pino";
import { isPermanentError } from "../kit/errors.js";
import type { ConnectorClock, RejectedRecord, SourceConnector } from "../kit/connector.js";
import type { SourceRecord } from "../kit/record.js";
import { builtInConnector } from "../catalog/catalog.js";
import { describeIssue } from "../config/connector-config.js";
import { systemClock } from "./system-clock.js";

/** How long a capture waits before polling again after a failed poll. */
const RETRY_DELAY_MS = 1_000;

export interface CaptureOptions {
  readonly connector: SourceConnector;
  /** The connector's settings, validated by its schema (see captureSettings). */
  readonly settings: unknown;
  /** The deployed connector's name: sources derive their client ids from it (a capture adds its own suffix). */
  readonly name: string;
  readonly logger: Logger;
  readonly clock?: ConnectorClock;
  /** Aborted to stop. */
  readonly signal: AbortSignal;
  readonly maxBatch?: number;
  /** Each poll's records and the ones it could not turn into records. */
  onRecords(records: readonly SourceRecord[], rejected: readonly RejectedRecord[]): void;
  /** A poll that failed and will be tried again. */
  onProblem(message: string): void;
}

export type CaptureTarget = { readonly ok: true; readonly connector: SourceConnector; readonly settings: unknown } | { readonly ok: false; readonly message: string };

/** The built-in source `type` names with its `config` checked, when it can run in capture mode. */
export async function captureTarget(type: string, config: unknown): Promise<CaptureTarget> {
  const connector = await builtInConnector(type);
  if (connector === undefined) return { ok: false, message: `there is no built-in connector "${type}"` };
  if (connector.kind !== "source") return { ok: false, message: `${type} is a sink, not a source` };
  if (connector.capturable !== true) return { ok: false, message: `${type} cannot run in a preview without disturbing the deployed connector` };
  const settings = connector.config.safeParse(config);
  if (!settings.success) return { ok: false, message: describeIssue(settings.error, "config") };
  return { ok: true, connector, settings: settings.data };
}

/**
 * Runs a source in capture mode until `signal` aborts: its records go to `onRecords` and nowhere
 * else; nothing is committed to the source system and no position is stored. Rejects when the
 * source cannot open or fails for good (a PermanentError); other poll failures are reported and retried.
 */
export async function captureSource(options: CaptureOptions): Promise<void> {
  const { connector, signal, logger } = options;
  const clock = options.clock ?? systemClock;
  const task = await connector.open({ config: options.settings, name: options.name, logger, clock, position: undefined, maxBatch: options.maxBatch ?? 100, capture: true });
  try {
    while (!signal.aborted) {
      try {
        const batch = await task.poll(signal);
        if (batch.records.length > 0 || (batch.rejected?.length ?? 0) > 0) options.onRecords(batch.records, batch.rejected ?? []);
      } catch (error) {
        if (signal.aborted) break;
        if (isPermanentError(error)) throw error;
        options.onProblem((error as Error).message);
        await clock.sleep(RETRY_DELAY_MS, signal).catch(() => undefined);
      }
    }
  } finally {
    await task.close().catch((error: unknown) => logger.warn({ err: error }, "closing the captured source failed"));
  }
}
