import type { Clock } from "./clock.js";
import type { Logger } from "./logger.js";
import type { Registry as MetricsRegistry } from "prom-client";

export { systemClock, type Clock } from "./clock.js";

/** The bag every engine system receives: configuration-independent services. */
export interface EngineResources {
  readonly logger: Logger;
  readonly clock: Clock;
  /** Where systems register their metrics, when the process serves them (--metrics-port); unset: none are kept. */
  readonly metrics?: MetricsRegistry;
}
