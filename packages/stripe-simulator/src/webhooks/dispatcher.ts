import type { Clock } from "../runtime.js";
import type { StripeEvent } from "../objects.js";
import { stripeSignature } from "./sign.js";

export interface WebhookEndpoint {
  readonly url: string;
  readonly secret: string;
}

/** One POST of one event to one endpoint; `status` is undefined when the connection failed. */
export interface Delivery {
  readonly eventId: string;
  readonly url: string;
  readonly attempt: number;
  readonly status: number | undefined;
}

export interface WebhookDispatcher {
  /** Sends `event` to every endpoint, retrying each after the configured delays until it answers 2xx; resolves when done. */
  send(event: StripeEvent): Promise<void>;
  /** Every attempt so far, oldest first. */
  deliveries(): readonly Delivery[];
  /** Resolves once no delivery or retry is pending. */
  settled(): Promise<void>;
}

export interface DispatcherOptions {
  readonly endpoints: readonly WebhookEndpoint[];
  readonly clock: Clock;
  /** Wait before each retry; one entry per retry, so its length is the number of retries. */
  readonly retryDelaysMs: readonly number[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function webhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const log: Delivery[] = [];
  const pending = new Set<Promise<void>>();

  async function attempt(event: StripeEvent, endpoint: WebhookEndpoint, attemptNumber: number): Promise<boolean> {
    const payload = JSON.stringify(event, null, 2);
    let status: number | undefined;
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": stripeSignature(payload, endpoint.secret, options.clock()) },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      await response.body?.cancel();
    } catch {
      status = undefined;
    }
    log.push({ eventId: event.id, url: endpoint.url, attempt: attemptNumber, status });
    return status !== undefined && status >= 200 && status < 300;
  }

  async function deliver(event: StripeEvent, endpoint: WebhookEndpoint): Promise<void> {
    if (await attempt(event, endpoint, 1)) return;
    for (const [index, delay] of options.retryDelaysMs.entries()) {
      await sleep(delay);
      if (await attempt(event, endpoint, index + 2)) return;
    }
  }

  return {
    async send(event) {
      const deliveries = options.endpoints.map((endpoint) => {
        const delivery = deliver(event, endpoint).finally(() => pending.delete(delivery));
        pending.add(delivery);
        return delivery;
      });
      await Promise.all(deliveries);
    },
    deliveries: () => log,
    async settled() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
