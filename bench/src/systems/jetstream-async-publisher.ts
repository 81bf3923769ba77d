import { createInbox, type NatsConnection, type Subscription } from "nats";

interface AwaitedAck {
  readonly resolve: () => void;
  readonly reject: (cause: Error) => void;
}

/**
 * JetStream's async publish as the Go client's PublishAsync and `nats bench` do
 * it: plain publishes carrying a reply subject under one inbox, and one
 * subscription on that inbox that settles each message's PubAck. nats.js'
 * js.publish() is the same exchange plus a timer and a request-map entry per
 * message, which made the Node client — not the server — the bottleneck.
 * Each ack is still parsed and checked, so only stored messages count.
 */
export class JetStreamAsyncPublisher {
  readonly #connection: NatsConnection;
  readonly #inbox = createInbox();
  readonly #awaited = new Map<number, AwaitedAck>();
  readonly #subscription: Subscription;
  #nextId = 0;

  constructor(connection: NatsConnection) {
    this.#connection = connection;
    const prefixLength = this.#inbox.length + 1;
    this.#subscription = connection.subscribe(`${this.#inbox}.*`, {
      callback: (error, message) => {
        if (error) return this.#failAll(error);
        const id = Number(message.subject.slice(prefixLength));
        const awaited = this.#awaited.get(id);
        if (!awaited) return;
        this.#awaited.delete(id);
        const failure = ackFailure(message.data, message.headers?.hasError === true ? `${message.headers.code} ${message.headers.description}` : null);
        if (failure === null) awaited.resolve();
        else awaited.reject(new Error(`JetStream refused a publish: ${failure}`));
      },
    });
  }

  /** Resolves once the stream acknowledged storing the message. */
  publish(subject: string, payload: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#awaited.set(id, { resolve, reject });
      this.#connection.publish(subject, payload, { reply: `${this.#inbox}.${id}` });
    });
  }

  close(): void {
    this.#subscription.unsubscribe();
    this.#failAll(new Error("publisher closed"));
  }

  #failAll(cause: Error): void {
    for (const awaited of this.#awaited.values()) awaited.reject(cause);
    this.#awaited.clear();
  }
}

/** Null for a PubAck ({"stream":…,"seq":…}), else what went wrong (no responders, an API error). */
function ackFailure(data: Uint8Array, statusError: string | null): string | null {
  if (statusError !== null) return statusError;
  try {
    const ack = JSON.parse(new TextDecoder().decode(data)) as { seq?: unknown; error?: { description?: string } };
    if (typeof ack.seq === "number") return null;
    return ack.error?.description ?? "an acknowledgement without a sequence number";
  } catch {
    return "an acknowledgement that is not JSON";
  }
}
