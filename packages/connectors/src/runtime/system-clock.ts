import type { ConnectorClock } from "../kit/connector.js";

export const systemClock: ConnectorClock = {
  now: () => Date.now(),
  // Rejects with the signal's own reason, as the kit promises (node:timers/promises would give an AbortError).
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};
