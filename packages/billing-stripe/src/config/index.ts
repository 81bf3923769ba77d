export { createStripeClient, stripeConfigFromEnv, type StripeConfig } from "./stripe-config.js";
