import type { Logger } from "pino";
import type { Clock } from "../system/clock.js";

export { systemClock, type Clock } from "../system/clock.js";

/** The bag every engine system receives: configuration-independent services. */
export interface EngineResources {
  readonly logger: Logger;
  readonly clock: Clock;
}
