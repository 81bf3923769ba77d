import { TRPCClientError } from "@trpc/client";

interface Handlers<T> {
  onData: (value: T) => void;
  onError: (error: unknown) => void;
}

/**
 * A running subscription whose values are kept in order. `next(n)` waits (with a deadline) until
 * n values arrived; `failure()` waits for the stream's error code.
 */
export class Collected<T> {
  readonly values: T[] = [];
  #error: unknown = null;
  #waiters: Array<() => void> = [];
  readonly #unsubscribe: () => void;

  constructor(subscribe: (handlers: Handlers<T>) => { unsubscribe(): void }) {
    const wake = () => this.#waiters.splice(0).forEach((w) => w());
    this.#unsubscribe = subscribe({
      onData: (value) => {
        this.values.push(value);
        wake();
      },
      onError: (error) => {
        this.#error = error;
        wake();
      },
    }).unsubscribe;
  }

  async until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.#error !== null) throw new Error(`subscription failed while waiting for ${what}`, { cause: this.#error });
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; have ${JSON.stringify(this.values)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async next(count: number): Promise<T[]> {
    await this.until(() => this.values.length >= count, `${count} values`);
    return this.values.slice(0, count);
  }

  async failure(timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.#error === null) {
      if (this.values.length > 0) throw new Error(`expected a failure, got ${JSON.stringify(this.values)}`);
      if (Date.now() > deadline) throw new Error("timed out waiting for the subscription to fail");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const error = this.#error;
    if (error instanceof TRPCClientError) return (error.data as { code?: string } | undefined)?.code ?? error.message;
    throw error;
  }

  close(): void {
    this.#unsubscribe();
  }
}
