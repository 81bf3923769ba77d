/**
 * Closed-loop driver for throughput: runs `units` calls of `send` with at most
 * `window` unfinished at any time, starting the next as soon as one completes.
 * Rejects on the first failure (already-started calls are left to finish).
 */
export function runWindowed(units: number, window: number, send: (index: number) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let started = 0;
    let finished = 0;
    let failed = false;
    const startNext = (): void => {
      while (!failed && started < units && started - finished < window) {
        const index = started++;
        send(index).then(
          () => {
            finished++;
            if (finished === units) resolve();
            else startNext();
          },
          (cause: unknown) => {
            failed = true;
            reject(cause instanceof Error ? cause : new Error(String(cause)));
          },
        );
      }
    };
    if (units === 0) resolve();
    else startNext();
  });
}
