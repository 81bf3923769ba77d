/*
 * A source's watermark: per partition, the highest event time seen minus maxOutOfOrder; the
 * source's is the minimum over its assigned partitions, so a slow partition holds it back. A
 * partition with no record for idleTimeout of processing time (ticks) stops counting until it
 * gets a record again. Partitions nobody assigned join when their first record arrives.
 */

interface PartitionState {
  /** Highest event time seen, or -Infinity. */
  maxTime: number;
  /** Processing time of the last record (or of the assignment). */
  activeAt: number;
  idle: boolean;
}

export class PartitionWatermarks {
  #partitions = new Map<number, PartitionState>();
  #now = 0;
  #current = Number.NEGATIVE_INFINITY;

  constructor(
    readonly maxOutOfOrder: number,
    readonly idleTimeout: number | null,
  ) {}

  assign(partitions: readonly number[]): void {
    const next = new Map<number, PartitionState>();
    for (const p of partitions) next.set(p, this.#partitions.get(p) ?? { maxTime: Number.NEGATIVE_INFINITY, activeAt: this.#now, idle: false });
    this.#partitions = next;
    this.#recompute();
  }

  /** Records an event; returns the source's watermark. */
  observe(partition: number, time: number, now: number): number {
    const state = this.#partitions.get(partition);
    if (state === undefined) {
      this.#partitions.set(partition, { maxTime: time, activeAt: now, idle: false });
      return this.#recompute();
    }
    state.activeAt = now;
    if (time <= state.maxTime && !state.idle) return this.#current;
    if (time > state.maxTime) state.maxTime = time;
    state.idle = false;
    return this.#recompute();
  }

  /** Processing time passes; returns the source's watermark. */
  tick(now: number): number {
    this.#now = now;
    if (this.idleTimeout !== null) for (const state of this.#partitions.values()) if (!state.idle && now - state.activeAt >= this.idleTimeout) state.idle = true;
    return this.#recompute();
  }

  current(): number {
    return this.#current;
  }

  #recompute(): number {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const state of this.#partitions.values()) {
      if (state.maxTime > max) max = state.maxTime;
      if (!state.idle && state.maxTime < min) min = state.maxTime;
    }
    // Every partition idle: nothing holds the watermark back but what was seen.
    const base = min === Number.POSITIVE_INFINITY ? max : min;
    this.#current = base - this.maxOutOfOrder;
    return this.#current;
  }

  snapshot(): { partitions: [number, PartitionState][]; now: number } {
    return { partitions: [...this.#partitions].map(([p, s]) => [p, { ...s }]), now: this.#now };
  }

  restore(state: { partitions: [number, PartitionState][]; now: number }): void {
    this.#partitions = new Map(state.partitions.map(([p, s]) => [p, { ...s }]));
    this.#now = state.now;
    this.#recompute();
  }
}
