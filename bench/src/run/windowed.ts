/**
 * Closed-loop driver for throughput: runs `units` calls of `send` with at most
 * `window` unfinished at any time, starting the next as soon as one completes.
 * After a failure or an abort it starts nothing new and rejects once the calls
 * already started have finished, so nothing of the phase is left on the wire.
 */
export function runWindowed(units: number, window: number, send: (index: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let started = 0;
    let finished = 0;
    let failure: Error | null = null;
    const stopWith = (cause: unknown): void => {
      failure ??= cause instanceof Error ? cause : new Error(String(cause));
    };
    const step = (): void => {
      if (signal?.aborted) stopWith(signal.reason);
      if (failure !== null) {
        if (finished === started) reject(failure);
        return;
      }
      if (finished === units) return resolve();
      while (started < units && started - finished < window) {
        const index = started++;
        send(index).then(
          () => {
            finished++;
            step();
          },
          (cause: unknown) => {
            finished++;
            stopWith(cause);
            step();
          },
        );
      }
    };
    step();
  });
}
