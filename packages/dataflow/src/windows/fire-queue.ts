/**
 * A min-heap of (time, key) pairs, ordered by time then key, so closing sessions costs
 * log(n) per change instead of a scan over every key whenever the watermark moves.
 */
export class FireQueue {
  #times: number[] = [];
  #keys: string[] = [];

  get size(): number {
    return this.#times.length;
  }

  push(time: number, key: string): void {
    this.#times.push(time);
    this.#keys.push(key);
    this.#up(this.#times.length - 1);
  }

  /** The earliest time, or +Infinity when empty. */
  peekTime(): number {
    return this.#times.length === 0 ? Number.POSITIVE_INFINITY : this.#times[0]!;
  }

  /** Removes the earliest pair; call only when not empty. */
  pop(): [number, string] {
    const times = this.#times;
    const keys = this.#keys;
    const top: [number, string] = [times[0]!, keys[0]!];
    const lastTime = times.pop()!;
    const lastKey = keys.pop()!;
    if (times.length > 0) {
      times[0] = lastTime;
      keys[0] = lastKey;
      this.#down(0);
    }
    return top;
  }

  #less(i: number, j: number): boolean {
    const ti = this.#times[i]!;
    const tj = this.#times[j]!;
    return ti < tj || (ti === tj && this.#keys[i]! < this.#keys[j]!);
  }

  #swap(i: number, j: number): void {
    const times = this.#times;
    const keys = this.#keys;
    [times[i], times[j]] = [times[j]!, times[i]!];
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const n = this.#times.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.#less(left, smallest)) smallest = left;
      if (right < n && this.#less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }
}
