import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@freshet/client/client";
import { ConnectionError } from "@freshet/client/connection/connection-error";
import type { SaslOptions } from "@freshet/client/connection/sasl/sasl-options";
import { UserError } from "../errors/user-error.js";

/**
 * Waits until the cluster accepts a login just created: the worker writes it into the cluster's
 * credentials file and the brokers re-read that file, a moment after credentials.create answers.
 * Without this, the first `freshet topic create` after `cloud cluster use` could be refused.
 */
export async function awaitLoginAccepted(bootstrap: string, sasl: SaslOptions, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = createClient({ bootstrap, clientId: "freshet-cli", sasl, retry: { retries: 2, initialDelayMs: 100, maxDelayMs: 500, factor: 2 }, connectTimeoutMs: 3_000 });
    try {
      await client.admin.listTopics();
      return;
    } catch (error) {
      if (!(error instanceof ConnectionError && error.kind === "authentication")) throw error;
      if (Date.now() >= deadline) throw new UserError(`the cluster at ${bootstrap} still refuses the new login "${sasl.username}" after ${timeoutMs / 1_000} s`, 1, { cause: error });
    } finally {
      await client.close();
    }
    await sleep(250);
  }
}
