import type { Consumer, ConsumerMessages, JsMsg } from "@nats-io/jetstream";

/** The shortest pull JetStream allows; an idle poll returns after it. */
const FETCH_EXPIRES_MS = 1_000;
/** A pull sent while the connection is silently down is never answered; give up after this. */
const PULL_DEADLINE_MS = 3_000;

/**
 * One pull of at most `max` messages. Resolves after the pull expires (about a second when idle),
 * rejects with the signal's reason when it aborts, and rejects (retriably) when NATS does not
 * answer by the deadline. Messages received before a failure are given back (nak) at once.
 */
export async function pullBatch(consumer: Consumer, max: number, signal: AbortSignal): Promise<JsMsg[]> {
  signal.throwIfAborted();
  const messages: ConsumerMessages = await consumer.fetch({ max_messages: max, expires: FETCH_EXPIRES_MS });
  let failure: unknown;
  const stop = (reason: unknown): void => {
    failure ??= reason;
    messages.stop();
  };
  const onAbort = (): void => stop(signal.reason);
  const timer = setTimeout(() => stop(new Error("NATS did not answer the pull request in time")), PULL_DEADLINE_MS);
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) onAbort();
  const batch: JsMsg[] = [];
  try {
    for await (const message of messages) batch.push(message);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
  if (failure !== undefined) {
    for (const message of batch) message.nak();
    throw failure;
  }
  return batch;
}
