/**
 * The plain loops' hand-over from a push-style client (an MQTT or NATS subscription) to batched
 * writes: records queue as they arrive and `run` writes them `batch` at a time, one write in
 * flight, until `total` were written.
 */
export class BatchPump<T> {
  readonly #pending: T[] = [];
  #wake: (() => void) | undefined;

  push(item: T): void {
    this.#pending.push(item);
    this.#wake?.();
  }

  async run(total: number, batch: number, write: (items: T[]) => Promise<void>, signal: AbortSignal): Promise<void> {
    let written = 0;
    while (written < total) {
      signal.throwIfAborted();
      if (this.#pending.length === 0) {
        let wake: () => void = () => undefined;
        await new Promise<void>((resolve) => {
          wake = () => resolve();
          this.#wake = wake;
          signal.addEventListener("abort", wake, { once: true });
        });
        signal.removeEventListener("abort", wake);
        this.#wake = undefined;
        continue;
      }
      const items = this.#pending.splice(0, batch);
      await write(items);
      written += items.length;
    }
  }
}

/** Reads `records` in groups of `batch` (the last may be smaller) and writes each group, for the sinks' plain loops. */
export async function inBatches<T>(records: AsyncIterable<T>, batch: number, write: (items: T[]) => Promise<void>): Promise<void> {
  let items: T[] = [];
  for await (const record of records) {
    items.push(record);
    if (items.length === batch) {
      await write(items);
      items = [];
    }
  }
  if (items.length > 0) await write(items);
}
