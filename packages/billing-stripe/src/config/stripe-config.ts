import { parseEnvironment } from "@freshet/program/env";
import Stripe from "stripe";
import { z } from "zod";

/** How to reach Stripe: real Stripe (test or live mode) or the repo's simulator at `apiBase`. */
export interface StripeConfig {
  readonly secretKey: string;
  readonly webhookSecret: string;
  /** Set for the simulator; real Stripe is reached at the SDK's default host. */
  readonly apiBase?: { readonly host: string; readonly port: number; readonly protocol: "http" | "https" };
}

const schema = z
  .object({
    // Secret API key, sk_test_… for test mode (or anything sk_test_-shaped for the simulator). No default.
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_\S+$/, "expected a Stripe secret key such as sk_test_…")
      .optional(),
    // Signing secret of the webhook endpoint (whsec_…), from the dashboard or `stripe listen`. No default.
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\S+$/, "expected a webhook signing secret such as whsec_…")
      .optional(),
    // Base URL of a Stripe-compatible API, e.g. http://127.0.0.1:12111 for the simulator. Default: real Stripe.
    STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((env) => (env.STRIPE_SECRET_KEY === undefined) === (env.STRIPE_WEBHOOK_SECRET === undefined), {
    message: "set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together, or neither",
    path: ["STRIPE_SECRET_KEY"],
  });

/**
 * Reads the Stripe settings from an environment. Null when neither key is set: then this process
 * has no Stripe (billing still rates and shows estimates, it just sends nothing). Throws one Error
 * naming the bad variables otherwise.
 */
export function stripeConfigFromEnv(env: NodeJS.ProcessEnv): StripeConfig | null {
  const parsed = parseEnvironment(schema, env);
  if (parsed.STRIPE_SECRET_KEY === undefined || parsed.STRIPE_WEBHOOK_SECRET === undefined) return null;
  const base = parsed.STRIPE_API_BASE === undefined ? undefined : new URL(parsed.STRIPE_API_BASE);
  return {
    secretKey: parsed.STRIPE_SECRET_KEY,
    webhookSecret: parsed.STRIPE_WEBHOOK_SECRET,
    ...(base === undefined
      ? {}
      : {
          apiBase: {
            host: base.hostname,
            protocol: base.protocol === "http:" ? "http" : "https",
            port: base.port === "" ? (base.protocol === "http:" ? 80 : 443) : Number(base.port),
          },
        }),
  };
}

/**
 * The official SDK configured for `config`. Retries stay on (network errors, 409s and 5xx are
 * retried by the SDK with the same idempotency key); every write of ours passes its own key.
 */
export function createStripeClient(config: StripeConfig): Stripe {
  return new Stripe(config.secretKey, { maxNetworkRetries: 2, ...(config.apiBase ?? {}) });
}
