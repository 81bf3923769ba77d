/** Cancels a scheduled callback; calling it again, or after the callback ran, does nothing. */
export type Cancel = () => void;

/**
 * Wall-clock time in epoch milliseconds and one-shot timers. Injected into every
 * system that makes decisions by time (segment roll, retention, sessions, ISR lag,
 * back-offs) so tests move time by hand instead of sleeping.
 */
export interface Clock {
  now(): number;
  /** Runs `callback` once after `ms`. */
  schedule(ms: number, callback: () => void): Cancel;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(ms, callback) {
    const handle = setTimeout(callback, ms);
    // A pending timer alone must not keep a process alive; listeners and sockets do.
    handle.unref();
    return () => clearTimeout(handle);
  },
};

/**
 * Runs `callback` every `ms` until cancelled. The next run is scheduled when one
 * starts, as setInterval does; callers that must not overlap a slow run guard it.
 */
export function every(clock: Clock, ms: number, callback: () => void): Cancel {
  let cancelNext: Cancel;
  const tick = (): void => {
    cancelNext = clock.schedule(ms, tick);
    callback();
  };
  cancelNext = clock.schedule(ms, tick);
  return () => cancelNext();
}

/** Resolves after `ms` on `clock`. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.schedule(ms, resolve));
}
