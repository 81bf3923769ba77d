export { handleStripeWebhook, type WebhookDeps, type WebhookOutcome } from "./handle-webhook.js";
