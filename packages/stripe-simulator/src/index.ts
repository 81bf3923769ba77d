export { startStripeSimulator, SIMULATED_API_VERSION, type SimulatorOptions, type StripeSimulator } from "./simulator.js";
export { memoryStore, type SimulatorStore, type IdempotencyRecord } from "./store.js";
export { sequentialIds, randomIds, systemClock, type Clock, type IdGenerator } from "./runtime.js";
export { stripeSignature } from "./webhooks/sign.js";
export type { WebhookEndpoint, Delivery } from "./webhooks/dispatcher.js";
export type { CardOutcome } from "./resources/checkout.js";
export type * from "./objects.js";
