import Stripe from "stripe";
import type { StripeSimulator } from "../simulator.js";

/** The official SDK pointed at the simulator, as the billing code will configure it for local runs. */
export function sdkFor(simulator: StripeSimulator, key = "sk_test_simulator"): Stripe {
  return new Stripe(key, { host: simulator.host, port: simulator.port, protocol: "http", maxNetworkRetries: 0 });
}
