import { randomBytes } from "node:crypto";
import { startStripeSimulator } from "@freshet/stripe-simulator";
import type { LocalCloudEnv } from "./env.js";

export interface LocalStripe {
  /** STRIPE_* to give the API and the worker; empty when the caller's real Stripe keys pass through. */
  readonly env: NodeJS.ProcessEnv;
  /** One line for the terminal: which Stripe this run talks to. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * The Stripe this local cloud talks to. With STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET set, real
 * Stripe (test mode): the keys reach the API and worker as they are, and `stripe listen` forwards
 * the webhooks. Otherwise the simulator starts here, signing its webhooks with a secret made for
 * this run and sending them to the API's route.
 */
export async function startLocalStripe(env: LocalCloudEnv): Promise<LocalStripe> {
  if (env.STRIPE_SECRET_KEY !== undefined && env.STRIPE_WEBHOOK_SECRET !== undefined) {
    return { env: {}, description: "Stripe: real Stripe with STRIPE_SECRET_KEY (forward webhooks with `stripe listen`)", close: async () => undefined };
  }
  const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
  const simulator = await startStripeSimulator({
    port: env.STRIPE_SIMULATOR_PORT,
    webhooks: [{ url: `http://127.0.0.1:${env.API_PORT}/api/stripe/webhook`, secret: webhookSecret }],
  });
  return {
    env: { STRIPE_SECRET_KEY: "sk_test_freshet_local", STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_BASE: simulator.url },
    description: `Stripe: the simulator at ${simulator.url} (no Stripe account needed)`,
    close: () => simulator.close(),
  };
}
