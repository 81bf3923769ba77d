#!/usr/bin/env node
import { onStopSignal } from "@freshet/program/shutdown";
import { parseSimulatorFlags } from "./cli-options.js";
import { startStripeSimulator } from "./simulator.js";

const parsed = parseSimulatorFlags(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`freshet-stripe-simulator: ${parsed.message}\n`);
  process.exit(2);
}
const { port, host, webhook, webhookSecret } = parsed.flags;
const simulator = await startStripeSimulator({ port, host, webhooks: webhook !== undefined && webhookSecret !== undefined ? [{ url: webhook, secret: webhookSecret }] : [] });
process.stdout.write(`Stripe simulator listening on ${simulator.url} (use any sk_test_ key)\n`);
onStopSignal(() => {
  simulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
