import { setTimeout as sleep } from "node:timers/promises";

export class PhaseTimeoutError extends Error {
  constructor(phase: string, ms: number) {
    super(`${phase} did not finish within ${Math.round(ms / 1000)} s`);
    this.name = "PhaseTimeoutError";
  }
}

/** How long timed-out work may take to stop after its signal is aborted. */
const SETTLE_GRACE_MS = 10_000;

/**
 * Runs `work` with an AbortSignal and settles with it, or rejects with a
 * PhaseTimeoutError after `ms`. On timeout the signal is aborted and the
 * rejection waits (up to a grace period) until the work has stopped, so that
 * cleanup after a timeout — deleting a stream — does not race requests still
 * in flight and leave the stream re-created behind it.
 */
export async function withDeadline<T>(phase: string, ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const running = work(controller.signal);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const timeout = new PhaseTimeoutError(phase, ms);
      controller.abort(timeout);
      void Promise.race([running.catch(() => undefined), sleep(SETTLE_GRACE_MS)]).then(() => reject(timeout));
    }, ms);
  });
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
    running.catch(() => undefined);
  }
}
