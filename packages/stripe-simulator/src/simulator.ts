import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimulatorContext } from "./context.js";
import type { StripeEvent } from "./objects.js";
import { completeCheckoutSession, type CardOutcome } from "./resources/checkout.js";
import { randomIds, systemClock, type Clock, type IdGenerator } from "./runtime.js";
import { handleRequest } from "./server.js";
import { memoryStore, type SimulatorStore } from "./store.js";
import { webhookDispatcher, type Delivery, type WebhookEndpoint } from "./webhooks/dispatcher.js";

/** The API version events claim, matching what the pinned SDK sends. */
export const SIMULATED_API_VERSION = "2026-10-28.endive";

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly webhooks?: readonly WebhookEndpoint[];
  /** Delays before each webhook retry; Stripe spreads retries over days, tests want milliseconds. */
  readonly retryDelaysMs?: readonly number[];
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly store?: SimulatorStore;
}

export interface StripeSimulator {
  /** `http://host:port`, the base for the SDK's host/port and for Checkout URLs. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Events in the order they happened. */
  events(): StripeEvent[];
  deliveries(): readonly Delivery[];
  /** Resolves once every webhook delivery, retries included, has finished. */
  settled(): Promise<void>;
  /** Sends stored events again, one after another in the given order (for duplicate and out-of-order tests). */
  replay(eventIds: readonly string[]): Promise<void>;
  /** Completes a Checkout Session as the hosted page's form would. */
  completeCheckout(sessionId: string, card?: CardOutcome): void;
  close(): Promise<void>;
}

export async function startStripeSimulator(options: SimulatorOptions = {}): Promise<StripeSimulator> {
  const host = options.host ?? "127.0.0.1";
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const store = options.store ?? memoryStore();
  const endpoints = options.webhooks ?? [];
  const dispatcher = webhookDispatcher({ endpoints, clock, retryDelaysMs: options.retryDelaysMs ?? [1_000, 5_000, 30_000] });
  let baseUrl = "";
  const context: SimulatorContext = {
    store,
    clock,
    ids,
    baseUrl: () => baseUrl,
    emit(type, object) {
      const event: StripeEvent = {
        id: ids("evt"),
        object: "event",
        api_version: SIMULATED_API_VERSION,
        created: clock(),
        livemode: false,
        pending_webhooks: endpoints.length,
        type,
        // Handlers never change a stored object in place, so `object` is already a snapshot.
        data: { object },
        request: { id: null, idempotency_key: null },
      };
      store.put("event", event);
      void dispatcher.send(event);
    },
  };
  const server = createServer((request, response) => {
    handleRequest(context, request, response, ids("req")).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { type: "api_error", message: error instanceof Error ? error.message : String(error) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  return {
    url: baseUrl,
    host,
    port,
    events: () => store.list("event"),
    deliveries: () => dispatcher.deliveries(),
    settled: () => dispatcher.settled(),
    async replay(eventIds) {
      for (const id of eventIds) {
        const event = store.get("event", id);
        if (event === undefined) throw new Error(`no event ${id} to replay`);
        await dispatcher.send(event);
      }
    },
    completeCheckout(sessionId, card = "succeed") {
      completeCheckoutSession(context, sessionId, card);
    },
    async close() {
      await dispatcher.settled();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
