import type { Logger } from "pino";

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The bag every engine system receives: configuration-independent services. */
export interface EngineResources {
  readonly logger: Logger;
  readonly clock: Clock;
}
