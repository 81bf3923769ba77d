import { sleep, systemClock as clientClock } from "@freshet/client/time/clock";
import type { ConnectorClock } from "../kit/connector.js";

/** The client's clock: its sleep rejects with the signal's own reason, as the kit promises. */
export const systemClock: ConnectorClock = {
  now: () => clientClock.now(),
  sleep: (ms, signal) => sleep(clientClock, ms, signal),
};
