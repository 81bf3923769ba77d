/**
 * One-shot timers behind an interface, so the controller's liveness checks and
 * long polls run on a clock tests move by hand instead of on wall time.
 */
export interface Timers {
  /** Runs `callback` once after `ms`; the returned function cancels it (idempotent). */
  schedule(ms: number, callback: () => void): () => void;
}

export const systemTimers: Timers = {
  schedule(ms, callback) {
    const handle = setTimeout(callback, ms);
    // A pending timer alone must not keep a process alive; listeners and sockets do.
    handle.unref();
    return () => clearTimeout(handle);
  },
};
