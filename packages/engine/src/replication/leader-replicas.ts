/**
 * What a partition leader knows about its followers, as Kafka's Partition does:
 * each follower's fetch offset (its durable log end, since a follower fetches the
 * next offset only after its append is durable) and when it last caught up.
 */
interface FollowerState {
  fetchOffset: number;
  lastCaughtUpAt: number;
  /** The leader's log end at this follower's previous fetch (infinite before one), and when that was. */
  previousFetchLeaderEnd: number;
  previousFetchAt: number;
}

export class LeaderReplicas {
  readonly #followers = new Map<number, FollowerState>();
  #isr: number[];

  constructor(
    readonly selfId: number,
    readonly replicas: readonly number[],
    isr: readonly number[],
    now: number,
  ) {
    this.#isr = [...isr];
    // A new leader gives every follower a full lag window before judging it.
    // Positions are unknown (-1) until each follower fetches: none may join the ISR on our word alone.
    for (const id of replicas) if (id !== selfId) this.#followers.set(id, { fetchOffset: -1, lastCaughtUpAt: now, previousFetchLeaderEnd: Infinity, previousFetchAt: now });
  }

  get isr(): readonly number[] {
    return this.#isr;
  }

  /** The controller confirmed an ISR (ours or after a leader election). */
  setIsr(isr: readonly number[]): void {
    this.#isr = [...isr];
    // A replica dropped from the ISR must fetch again before it may rejoin: its
    // last known position says nothing about whether it is still alive.
    for (const [id, follower] of this.#followers) {
      if (isr.includes(id)) continue;
      follower.fetchOffset = -1;
      follower.previousFetchLeaderEnd = Infinity;
    }
  }

  recordFetch(followerId: number, fetchOffset: number, leaderEndOffset: number, now: number): void {
    const follower = this.#followers.get(followerId);
    if (follower === undefined) return;
    follower.fetchOffset = fetchOffset;
    if (fetchOffset >= leaderEndOffset) follower.lastCaughtUpAt = now;
    // Kafka's rule: holding all the leader had at the previous fetch is being caught up as of
    // that fetch. Under steady appends the log end moves between every two fetches, so
    // "equal to the log end now" alone would drop a follower that is one fetch behind.
    else if (fetchOffset >= follower.previousFetchLeaderEnd) follower.lastCaughtUpAt = Math.max(follower.lastCaughtUpAt, follower.previousFetchAt);
    follower.previousFetchLeaderEnd = leaderEndOffset;
    follower.previousFetchAt = now;
  }

  /** Min over the ISR of what each member has durably: nothing above it can be lost by one failure. */
  highWatermark(leaderEndOffset: number): number {
    let hw = leaderEndOffset;
    for (const id of this.#isr) {
      if (id === this.selfId) continue;
      hw = Math.min(hw, this.#followers.get(id)?.fetchOffset ?? 0);
    }
    return hw;
  }

  /**
   * The ISR this leader would like: members lagging more than `lagMaxMs` leave,
   * followers that reached the high watermark join. Null when nothing changes.
   */
  desiredIsr(highWatermark: number, now: number, lagMaxMs: number): number[] | null {
    const next = this.replicas.filter((id) => {
      if (id === this.selfId) return true;
      const follower = this.#followers.get(id)!;
      if (this.#isr.includes(id)) return now - follower.lastCaughtUpAt <= lagMaxMs;
      return follower.fetchOffset >= highWatermark && now - follower.lastCaughtUpAt <= lagMaxMs;
    });
    const same = next.length === this.#isr.length && next.every((id) => this.#isr.includes(id));
    return same ? null : next;
  }
}
