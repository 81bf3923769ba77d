import { isPermanentError, isRecordError } from "../kit/errors.js";
import type { ConnectorClock } from "../kit/connector.js";

export interface RetrySettings {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** How long attempts may keep failing before giving up. */
  readonly timeoutMs: number;
}

/** The connector cannot go on: the target stayed unavailable past the retry timeout, or refused for good. */
export class ConnectorFailure extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConnectorFailure";
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

/**
 * Runs `attempt` until it succeeds, backing off exponentially (initial delay doubling up to the
 * maximum) while it throws. A PermanentError, or failing for longer than the timeout, ends it
 * with a ConnectorFailure naming `what` and the last error. A RecordError and an abort are
 * rethrown at once.
 */
export async function withRetry<T>(
  what: string,
  attempt: () => Promise<T>,
  settings: RetrySettings,
  clock: ConnectorClock,
  signal: AbortSignal,
  onRetry?: (error: unknown, delayMs: number) => void,
): Promise<T> {
  let firstFailureAt: number | undefined;
  let delayMs = settings.initialDelayMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // One refused record is the caller's to dead-letter, not a reason to try again.
      if (isRecordError(error)) throw error;
      if (error instanceof ConnectorFailure) throw error;
      if (isPermanentError(error)) throw new ConnectorFailure(`${what}: ${error.message}`, { cause: error });
      const now = clock.now();
      firstFailureAt ??= now;
      const failingFor = now - firstFailureAt;
      if (failingFor >= settings.timeoutMs) {
        throw new ConnectorFailure(`${what} kept failing for ${Math.round(failingFor / 1000).toString()} s (errors.retry.timeoutMs is ${settings.timeoutMs.toString()}): ${firstLine(error)}`, {
          cause: error,
        });
      }
      const wait = Math.min(delayMs, settings.maxDelayMs, settings.timeoutMs - failingFor);
      onRetry?.(error, wait);
      await clock.sleep(wait, signal);
      delayMs = Math.min(delayMs * 2, settings.maxDelayMs);
    }
  }
}
