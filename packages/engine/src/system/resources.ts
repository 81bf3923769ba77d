import type { Clock } from "./clock.js";
import type { Logger } from "./logger.js";

export { systemClock, type Clock } from "./clock.js";

/** The bag every engine system receives: configuration-independent services. */
export interface EngineResources {
  readonly logger: Logger;
  readonly clock: Clock;
}
