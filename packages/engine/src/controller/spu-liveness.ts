/**
 * When each SPU was last heard from, kept in memory only. After a controller
 * restart every registered SPU is presumed live from the start time, so one that
 * never returns is declared dead a full timeout later and one that does return
 * never looks dead. `declared` is the live set the published state reflects; it
 * changes only together with a persisted state.
 */
export class SpuLiveness {
  readonly #lastSeen = new Map<number, number>();
  readonly #heardSinceStart = new Set<number>();
  #declared: ReadonlySet<number>;
  /** Set when an SPU became eligible for leadership since the last reconciliation. */
  #eligibilityChanged = false;

  constructor(
    registered: readonly number[],
    startedAt: number,
    private readonly timeoutMs: number,
  ) {
    for (const id of registered) this.#lastSeen.set(id, startedAt);
    this.#declared = new Set(registered);
  }

  observe(id: number, now: number): void {
    this.#lastSeen.set(id, now);
    if (!this.#heardSinceStart.has(id)) {
      this.#heardSinceStart.add(id);
      this.#eligibilityChanged = true;
    }
  }

  /** SPUs heard from within the timeout at `now`. */
  liveAt(now: number): Set<number> {
    const live = new Set<number>();
    for (const [id, seen] of this.#lastSeen) if (now - seen < this.timeoutMs) live.add(id);
    return live;
  }

  eligibleAmong(live: ReadonlySet<number>): Set<number> {
    return new Set([...live].filter((id) => this.#heardSinceStart.has(id)));
  }

  get declared(): ReadonlySet<number> {
    return this.#declared;
  }

  /** True when `live` differs from the published live set or an SPU became eligible since. */
  needsReconciliation(live: ReadonlySet<number>): boolean {
    return this.#eligibilityChanged || !sameMembers(live, this.#declared);
  }

  declare(live: ReadonlySet<number>): void {
    this.#declared = new Set(live);
    this.#eligibilityChanged = false;
  }

  /** Milliseconds since the SPU was last heard from; null if not since the controller started. */
  heartbeatAge(id: number, now: number): number | null {
    if (!this.#heardSinceStart.has(id)) return null;
    return now - (this.#lastSeen.get(id) ?? now);
  }
}

export function sameMembers(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
}
