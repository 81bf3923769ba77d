/**
 * A binary min-heap of entries by event time: whatever expires first sits at the top, whatever
 * order the entries arrived in. Pushing an entry no earlier than the rest (the usual case: records
 * arrive nearly in time order) stops after one comparison.
 */
export class TimeHeap<T extends { readonly time: number }> {
  #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const items = this.#items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (p.time <= item.time) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && items[r]!.time < items[l]!.time ? r : l;
      const c = items[child]!;
      if (c.time >= last.time) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }

  /** Removes the entries with time < `bound`, earliest first, calling `onEvict` for each. */
  evictBefore(bound: number, onEvict: (item: T) => void): void {
    while (this.#items.length > 0 && this.#items[0]!.time < bound) onEvict(this.pop()!);
  }
}
