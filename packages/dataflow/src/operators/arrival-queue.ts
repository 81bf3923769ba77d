/**
 * Entries in arrival order, evicted from the front once expired. Records arrive nearly in time
 * order, so an entry that expires late behind an unexpired one waits at most the out-of-order
 * bound; callers still check times exactly, so a lingering entry costs memory, never a wrong result.
 */
export class ArrivalQueue<T> {
  #items: T[] = [];
  #head = 0;

  push(item: T): void {
    this.#items.push(item);
  }

  /** Removes expired entries from the front, calling `onEvict` for each. */
  evictWhile(expired: (item: T) => boolean, onEvict: (item: T) => void): void {
    const items = this.#items;
    while (this.#head < items.length && expired(items[this.#head]!)) onEvict(items[this.#head++]!);
    if (this.#head > 1024 && this.#head * 2 > items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  toArray(): T[] {
    return this.#items.slice(this.#head);
  }

  static from<T>(items: T[]): ArrivalQueue<T> {
    const queue = new ArrivalQueue<T>();
    queue.#items = items;
    return queue;
  }
}
