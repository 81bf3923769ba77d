import type { Logger } from "pino";
import type { MetricsRegistry } from "../metrics/registry.js";
import type { Clock } from "../system/clock.js";

export { systemClock, type Clock } from "../system/clock.js";

/** The bag every engine system receives: configuration-independent services. */
export interface EngineResources {
  readonly logger: Logger;
  readonly clock: Clock;
  /** Where systems register their metrics, when the process serves them (--metrics-port); unset: none are kept. */
  readonly metrics?: MetricsRegistry;
}
