import { setTimeout as delay } from "node:timers/promises";
import type { ConnectorClock } from "../kit/connector.js";

export const systemClock: ConnectorClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal === undefined ? undefined : { signal }),
};
