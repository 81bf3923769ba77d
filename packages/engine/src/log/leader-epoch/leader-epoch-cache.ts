/**
 * The leader-epoch cache of one partition (KIP-101): for every leader epoch whose
 * batches the log holds, the offset of its first batch, in increasing order of both.
 * It is what a returning replica uses to find where its history diverges from the
 * leader's: it asks the leader where its own latest epoch ends (OffsetForLeaderEpoch)
 * and truncates there.
 *
 * Entries come from the partitionLeaderEpoch of stored batches (epochs < 0 — batches
 * no leader stamped — are ignored), plus the one a new leader assigns at its log end
 * when it takes over (`assign` at the log end offset) so that it can answer followers
 * holding epochs it never saw (the KIP-279 follow-up). Such an entry has no batch yet;
 * every entry starting below the log end offset has one.
 */
export interface LeaderEpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

export interface EpochEndOffset {
  readonly epoch: number;
  readonly endOffset: number;
}

/** Kafka's UNDEFINED_EPOCH and UNDEFINED_EPOCH_OFFSET. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;
const UNDEFINED: EpochEndOffset = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };

export class LeaderEpochCache {
  #entries: LeaderEpochEntry[];

  constructor(entries: readonly LeaderEpochEntry[] = []) {
    this.#entries = [...entries];
  }

  get entries(): readonly LeaderEpochEntry[] {
    return [...this.#entries];
  }

  latestEpoch(): number {
    return this.#entries.at(-1)?.epoch ?? UNDEFINED_EPOCH;
  }

  copy(): LeaderEpochCache {
    return new LeaderEpochCache(this.#entries);
  }

  /** Takes the entries of `other` (a copy changed while a write was in flight). */
  adopt(other: LeaderEpochCache): void {
    this.#entries = [...other.#entries];
  }

  /**
   * True when a batch of `epoch` starting at `offset` (the log end) would follow a batch
   * of a later epoch: the log's epochs never go backwards, so such a batch comes from a
   * fenced leader, or from a follower that has not truncated to the divergence point.
   * Entries at or after `offset` have no batch yet and are not counted.
   */
  isStale(epoch: number, offset: number): boolean {
    if (epoch < 0) return false;
    const last = this.#entries.findLast((entry) => entry.startOffset < offset);
    return last !== undefined && last.epoch > epoch;
  }

  /** Whether `assign(epoch, startOffset)` could change anything (cheap; the append hot path asks). */
  wouldChange(epoch: number, startOffset: number): boolean {
    const latest = this.#entries.at(-1);
    return epoch >= 0 && (latest === undefined || latest.epoch !== epoch || latest.startOffset >= startOffset);
  }

  /**
   * Records that `epoch` starts at `startOffset`, as Kafka's LeaderEpochFileCache.assign:
   * entries starting at or after `startOffset` are dropped first (they have no batch if
   * `startOffset` is the log end), an epoch equal to the latest changes nothing, and a
   * lower epoch drops every entry of an epoch >= it so the entries stay monotonic (only
   * reachable when replaying stored batches whose epochs go backwards; live appends of
   * such batches are refused by the log, see `isStale`).
   */
  assign(epoch: number, startOffset: number): void {
    if (epoch < 0) return;
    this.truncateFromEnd(startOffset);
    const latest = this.#entries.at(-1);
    if (latest?.epoch === epoch) return;
    while ((this.#entries.at(-1)?.epoch ?? -1) >= epoch) this.#entries.pop();
    this.#entries.push({ epoch, startOffset });
  }

  /** Drops the entries starting at or after `endOffset` (the log was truncated there). */
  truncateFromEnd(endOffset: number): void {
    while ((this.#entries.at(-1)?.startOffset ?? -1) >= endOffset) this.#entries.pop();
  }

  /**
   * Retention moved the log start to `startOffset`: entries starting at or before it
   * go, except that the latest of them is kept, moved to `startOffset`, because its
   * epoch still covers the first batches left (Kafka's truncateFromStart).
   */
  truncateFromStart(startOffset: number): void {
    const covering = this.#entries.findLastIndex((entry) => entry.startOffset <= startOffset);
    if (covering < 0) return;
    const kept = this.#entries[covering];
    this.#entries = this.#entries.slice(covering + 1);
    if (kept) this.#entries.unshift({ epoch: kept.epoch, startOffset });
  }

  clear(): void {
    this.#entries = [];
  }

  /** Entries starting below `offset`: what a checkpoint taken when `offset` ends the closed segments holds. */
  entriesBelow(offset: number): LeaderEpochEntry[] {
    return this.#entries.filter((entry) => entry.startOffset < offset);
  }

  /**
   * Kafka's OffsetForLeaderEpoch answer for `requestedEpoch` on a log ending at
   * `logEndOffset` (LeaderEpochFileCache.endOffsetFor, KIP-101 with the KIP-279 fixes):
   * - the latest epoch: (that epoch, logEndOffset) — it is still being written;
   * - an epoch between known ones, or equal to an older one: (the largest known epoch
   *   <= it, start offset of the first known epoch > it). The end of an epoch the
   *   replica never saw is where the next one it did see begins;
   * - an epoch older than every entry: (the requested epoch, start offset of the first
   *   entry) — its batches are gone (retention), so the asker keeps nothing from before
   *   the first epoch known here;
   * - a negative epoch, an epoch newer than the latest, or an empty cache: UNDEFINED
   *   (-1, -1). A leader always holds its own epoch (assigned on taking over), so a
   *   newer epoch means the asker is ahead of this replica.
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): EpochEndOffset {
    if (requestedEpoch < 0) return UNDEFINED;
    const latest = this.#entries.at(-1);
    if (latest === undefined) return UNDEFINED;
    if (latest.epoch === requestedEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };
    const higher = this.#entries.find((entry) => entry.epoch > requestedEpoch);
    if (higher === undefined) return UNDEFINED;
    const floor = this.#entries.findLast((entry) => entry.epoch <= requestedEpoch);
    return { epoch: floor?.epoch ?? requestedEpoch, endOffset: higher.startOffset };
  }
}
