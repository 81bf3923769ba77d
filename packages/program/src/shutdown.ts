import type { Logger } from "pino";

/** What delivers the stop signals: the process, or a stand-in in tests. */
export interface SignalSource {
  on(signal: "SIGTERM" | "SIGINT", listener: () => void): unknown;
}

/** Calls `stop` on the first SIGTERM or SIGINT; later ones are ignored while it stops. */
export function onStopSignal(stop: (signal: "SIGTERM" | "SIGINT") => void, source: SignalSource = process): void {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    source.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop(signal);
    });
  }
}

export interface GracefulShutdown {
  readonly logger: Pick<Logger, "info" | "error">;
  /** Run in order after the signal, each even when an earlier one failed. */
  readonly steps: ReadonlyArray<() => unknown>;
  /** How long the steps may take together; past it the program stops waiting for them. */
  readonly timeoutMs: number;
  readonly signals?: SignalSource;
}

/**
 * Waits for SIGTERM or SIGINT, then runs the shutdown steps. Resolves with the exit code:
 * 0 when every step finished, 1 when one failed or they outlasted `timeoutMs`.
 */
export function shutdownOnSignal({ logger, steps, timeoutMs, signals }: GracefulShutdown): Promise<number> {
  return new Promise<number>((resolve) => {
    onStopSignal((signal) => {
      logger.info({ signal }, "shutting down");
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs }, "graceful shutdown timed out");
        resolve(1);
      }, timeoutMs);
      deadline.unref();
      void (async () => {
        let code = 0;
        for (const step of steps) {
          try {
            await step();
          } catch (error) {
            logger.error({ err: error }, "shutdown failed");
            code = 1;
          }
        }
        clearTimeout(deadline);
        logger.info("stopped");
        resolve(code);
      })();
    }, signals);
  });
}
