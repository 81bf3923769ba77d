import type { TimerHandle } from "../time/clock.js";

export interface PendingRequest {
  readonly correlationId: number;
  readonly resolve: (frame: Uint8Array) => void;
  readonly reject: (error: Error) => void;
  timer: TimerHandle | null;
  /** Timed out: its response will still arrive (in order) and is then dropped. */
  abandoned: boolean;
}

/**
 * Requests awaiting a response, oldest first. A broker answers the requests of one
 * connection strictly in order, so a response must match the oldest entry; any other
 * correlation id means the stream is out of step and the connection is unusable.
 */
export class PendingRequests {
  #queue: PendingRequest[] = [];
  #head = 0;

  get size(): number {
    return this.#queue.length - this.#head;
  }

  push(request: PendingRequest): void {
    this.#queue.push(request);
  }

  peek(): PendingRequest | undefined {
    return this.#queue[this.#head];
  }

  shift(): PendingRequest | undefined {
    const request = this.#queue[this.#head];
    if (request === undefined) return undefined;
    this.#head += 1;
    // Compact occasionally instead of Array.shift on every response.
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return request;
  }

  drain(): PendingRequest[] {
    const rest = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    return rest;
  }
}
