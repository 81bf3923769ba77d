export class PhaseTimeoutError extends Error {
  constructor(phase: string, ms: number) {
    super(`${phase} did not finish within ${Math.round(ms / 1000)} s`);
    this.name = "PhaseTimeoutError";
  }
}

/**
 * Settles with `work`, or rejects after `ms`. The caller owns cleanup of the
 * abandoned work: every driver closes its connections after a failed phase,
 * which is what stops the work still in flight.
 */
export async function withDeadline<T>(phase: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PhaseTimeoutError(phase, ms)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    // A rejection of the abandoned work must not surface as an unhandled rejection.
    work.catch(() => undefined);
  }
}
