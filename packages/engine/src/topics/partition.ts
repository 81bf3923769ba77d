import type { BatchHeader } from "@freshet/protocol/records/batch-header";
import type { Clock } from "../system/clock.js";
import type { AppendResult } from "../log/append-pipeline.js";
import { LogError } from "../log/errors.js";
import type { PartitionLog } from "../log/partition-log.js";
import { ProducerStateTable, type ProducerErrorName } from "../producers/producer-state.js";
import { LeaderReplicas } from "../replication/leader-replicas.js";
import { HighWatermarkWaits, type HighWatermarkWait } from "./high-watermark-waits.js";

export type AppendOutcome =
  /** `lastOffset` is `baseOffset - 1` when a transform left nothing to store. */
  /** `duplicate`: an idempotent retry of a batch already appended, answered with the original's offsets. */
  | { readonly ok: true; readonly baseOffset: number; readonly lastOffset: number; readonly logAppendTime: number; readonly duplicate?: true }
  | {
      readonly ok: false;
      readonly errorName: ProducerErrorName | "KAFKA_STORAGE_ERROR" | "CORRUPT_MESSAGE" | "INVALID_RECORD";
      readonly message: string;
    };

/**
 * Rewrites a batch before it is stored (recompression, a SmartModule chain); resolves
 * null when nothing is left to store. Rejects with a message for unusable input, or
 * with a BatchRejected when the records are fine but the transform refused them.
 */
export type BatchTransform = (batch: Uint8Array) => Promise<Uint8Array | null>;

/** A transform that could not process a well-formed batch (e.g. a SmartModule timed out). */
export class BatchRejected extends Error {}

class TransformFailed extends Error {}

export type Role = { readonly kind: "leader"; readonly replicas: LeaderReplicas } | { readonly kind: "follower"; readonly leaderId: number } | { readonly kind: "offline" };

export type { HighWatermarkWait } from "./high-watermark-waits.js";

/**
 * One partition replica on this SPU: its log, its high watermark, its role and the
 * idempotent-producer table (kept on followers too, so it is ready at fail-over).
 * As leader, the high watermark is the minimum durable end offset over the ISR, so
 * consumers never read a record that one failure could still take away; on a
 * single node that is the end of what the durability policy has made safe.
 */
export class Partition {
  readonly producers = new ProducerStateTable();
  readonly #listeners = new Set<() => void>();
  readonly #highWatermarkWaits: HighWatermarkWaits;
  /** Transformed batches reach the log in arrival order, whatever order their transforms finish in. */
  #transformed: Promise<unknown> = Promise.resolve();
  /** The last produced batch still being checked, and how many are (see inArrivalOrder). */
  #arrivals: Promise<unknown> = Promise.resolve();
  #checking = 0;
  #highWatermark: number;
  #role: Role;
  #leaderEpoch: number;
  /** Called when the leader wants the controller to record a new ISR. */
  onIsrProposal: ((isr: number[]) => void) | null = null;

  constructor(
    readonly topic: string,
    readonly index: number,
    readonly log: PartitionLog,
    private readonly clock: Clock,
    readonly selfId = 0,
    /**
     * A single node may expose its whole durable log at once; a replica of a
     * cluster starts from 0 and learns the committed point from its ISR (the
     * high watermark is not checkpointed yet).
     */
    initialHighWatermark = log.logEndOffset,
  ) {
    this.#highWatermark = initialHighWatermark;
    this.#highWatermarkWaits = new HighWatermarkWaits(clock);
    this.#leaderEpoch = 0;
    // Nothing is served until a role is assigned (standalone: leader at once; cluster: by the controller's state).
    this.#role = { kind: "offline" };
    // Followers long-polling this leader may take a group as soon as it is written, before its fsync ends.
    log.onWritten(() => this.#notify());
  }

  get role(): Role {
    return this.#role;
  }

  get isLeader(): boolean {
    return this.#role.kind === "leader";
  }

  get leaderEpoch(): number {
    return this.#leaderEpoch;
  }

  /** In-sync replicas as this leader sees them (the controller's view otherwise). */
  get isr(): readonly number[] {
    return this.#role.kind === "leader" ? this.#role.replicas.isr : [];
  }

  /**
   * Takes leadership at `epoch`. The high watermark is kept: nothing above it is
   * exposed until the ISR has it, whatever this replica's log already holds.
   */
  becomeLeader(epoch: number, replicas: readonly number[], isr: readonly number[]): Promise<void> {
    this.#leaderEpoch = epoch;
    // The epoch starts at our log end, so followers with histories we never saw find their divergence point.
    const assigned = this.log.assignLeaderEpoch(epoch);
    this.#role = { kind: "leader", replicas: new LeaderReplicas(this.selfId, replicas, isr, this.clock.now()) };
    this.#recomputeHighWatermark();
    this.#notify();
    return assigned;
  }

  becomeFollower(epoch: number, leaderId: number): void {
    this.#leaderEpoch = epoch;
    this.#role = leaderId < 0 ? { kind: "offline" } : { kind: "follower", leaderId };
    this.#highWatermarkWaits.settleAll("not-leader");
    this.#notify();
  }

  /** The controller recorded a new ISR for this leader. */
  isrConfirmed(isr: readonly number[]): void {
    if (this.#role.kind !== "leader") return;
    this.#role.replicas.setIsr(isr);
    this.#recomputeHighWatermark();
  }

  /**
   * A follower fetched from `fetchOffset`: everything below it is durable there (it may be
   * past our own durable end; the high watermark waits for both).
   */
  recordFollowerFetch(followerId: number, fetchOffset: number): void {
    if (this.#role.kind !== "leader") return;
    this.#role.replicas.recordFetch(followerId, fetchOffset, this.log.logEndOffset, this.clock.now());
    this.#recomputeHighWatermark();
    this.checkIsr();
  }

  /** Proposes ISR changes for lagging or caught-up followers (called on fetches and periodically). */
  checkIsr(lagMaxMs = 10_000): void {
    if (this.#role.kind !== "leader") return;
    const desired = this.#role.replicas.desiredIsr(this.#highWatermark, this.clock.now(), lagMaxMs);
    if (desired !== null) this.onIsrProposal?.(desired);
  }

  #recomputeHighWatermark(): void {
    if (this.#role.kind !== "leader") return;
    this.#advanceHighWatermark(this.#role.replicas.highWatermark(this.log.logEndOffset));
  }

  /** A follower learns the high watermark from its leader, bounded by what it holds itself. */
  followerHighWatermark(leaderHighWatermark: number): void {
    this.#advanceHighWatermark(Math.min(leaderHighWatermark, this.log.logEndOffset));
  }

  /**
   * Resolves once the high watermark passes `offset` (acks=all), the wait times out,
   * or this replica stops leading.
   */
  waitForHighWatermark(offset: number, timeoutMs: number): Promise<HighWatermarkWait> {
    if (this.#role.kind !== "leader") return Promise.resolve("not-leader");
    if (this.#highWatermark > offset) return Promise.resolve("reached");
    return this.#highWatermarkWaits.wait(offset, timeoutMs);
  }

  /** Appends batches fetched from the leader, offsets and epochs as the leader wrote them. */
  async appendFromLeader(batches: Uint8Array[], headers: BatchHeader[]): Promise<void> {
    await this.log.appendReplicated(batches);
    for (const header of headers) this.producers.record(header, Promise.resolve(header.baseOffset));
    this.#notify();
  }

  get highWatermark(): number {
    return this.#highWatermark;
  }

  /**
   * DeleteRecords on the leader: `offset` -1 means the high watermark; past it is refused
   * (records not yet committed cannot be deleted). Resolves with the new log start.
   */
  async deleteRecordsBefore(offset: number): Promise<number> {
    const target = offset === -1 ? this.#highWatermark : offset;
    if (target < 0 || target > this.#highWatermark) {
      throw new LogError("offset-out-of-range", `offset ${offset} is past the high watermark ${this.#highWatermark} of ${this.topic}-${this.index}`);
    }
    const start = await this.log.deleteRecordsBefore(target);
    this.#notify();
    return start;
  }

  /** A follower's log start follows its leader's, moved by DeleteRecords or retention. */
  async followLeaderLogStart(leaderLogStart: number): Promise<void> {
    const target = Math.min(leaderLogStart, this.log.logEndOffset);
    if (target > this.log.logStartOffset) await this.log.deleteRecordsBefore(target);
  }

  get logStartOffset(): number {
    return this.log.logStartOffset;
  }

  /** Rebuilds idempotent-producer state from the batch headers in the log. */
  async recoverProducers(): Promise<void> {
    for await (const header of this.log.headers(this.log.logStartOffset)) {
      this.producers.record(header, Promise.resolve(header.baseOffset));
    }
  }

  /**
   * Runs a produced batch's `check`, in step with the batches that arrived before it.
   * With none still being checked, the check runs at once and a synchronous result
   * comes back synchronously: the append that follows then joins the same group
   * commit as its neighbours. Otherwise (an earlier batch is decompressing) the check
   * runs after the earlier ones settle, and a caller that appends as soon as this
   * resolves keeps one producer's pipelined batches in the order they were sent.
   */
  inArrivalOrder<T>(check: () => T | Promise<T>): T | Promise<T> {
    if (this.#checking === 0) {
      const result = check();
      return result instanceof Promise ? this.#track(result) : result;
    }
    return this.#track(this.#arrivals.then(check));
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#checking++;
    const settled = this.#arrivals.then(() => work);
    // Registered before the caller's await, so the count is down when the caller appends.
    const done = () => {
      this.#checking--;
    };
    this.#arrivals = settled.then(done, done);
    return settled;
  }

  /**
   * Appends a validated batch. Sequence checks and producer bookkeeping happen
   * synchronously, before the first await, so pipelined batches of one producer
   * are checked in the order they arrived. `producerIdIssued`: whether the cluster
   * handed out the batch's producer id (see ProducerStateTable.check); the
   * broker's own batches carry none.
   */
  append(batch: Uint8Array, header: BatchHeader, transform?: BatchTransform, producerIdIssued = false): Promise<AppendOutcome> {
    const check = this.producers.check(header, producerIdIssued);
    if (check.kind === "error") return Promise.resolve({ ok: false, errorName: check.errorName, message: check.message });
    if (check.kind === "duplicate") {
      return check.baseOffset.then(
        // A transformed original may have stored fewer records than the producer sent (or none):
        // only its base offset is known, so acks=all waits for that much.
        (baseOffset) => ({ ok: true, baseOffset, lastOffset: transform === undefined ? baseOffset + header.lastOffsetDelta : baseOffset - 1, logAppendTime: -1, duplicate: true }),
        () => ({ ok: false, errorName: "KAFKA_STORAGE_ERROR", message: "the original append of this batch failed" }),
      );
    }
    const appended = transform === undefined ? this.log.append(batch, this.#leaderEpoch) : this.#appendTransformed(batch, transform);
    const baseOffset = appended.then((r) => r.baseOffset);
    // A failed append is reported below; the retained copy must not surface as unhandled.
    baseOffset.catch(() => undefined);
    this.producers.record(header, baseOffset);
    return appended.then(
      (result) => {
        this.#recomputeHighWatermark();
        // Followers long-polling for new data wake on the log end moving too.
        this.#notify();
        return { ok: true, baseOffset: result.baseOffset, lastOffset: result.lastOffset, logAppendTime: result.logAppendTime ?? -1 };
      },
      (cause: unknown) => {
        this.producers.forget(header);
        if (cause instanceof TransformFailed) {
          return { ok: false, errorName: cause.cause instanceof BatchRejected ? "INVALID_RECORD" : "CORRUPT_MESSAGE", message: cause.message };
        }
        return { ok: false, errorName: "KAFKA_STORAGE_ERROR", message: `append failed: ${(cause as Error).message}` };
      },
    );
  }

  #appendTransformed(batch: Uint8Array, transform: BatchTransform) {
    const ready = transform(batch).catch((cause: unknown) => {
      throw new TransformFailed((cause as Error).message, { cause });
    });
    const appended = this.#transformed
      .then(() => ready)
      .then((b): Promise<AppendResult> | AppendResult => {
        // Nothing to store: the batch "lands" where the next one will, occupying no offsets.
        if (b === null) return { baseOffset: this.log.logEndOffset, lastOffset: this.log.logEndOffset - 1 };
        return this.log.append(b, this.#leaderEpoch);
      });
    this.#transformed = appended.catch(() => undefined);
    return appended;
  }

  #advanceHighWatermark(offset: number): void {
    if (offset <= this.#highWatermark) return;
    this.#highWatermark = offset;
    // Settled first, so the produce answers are on their way before any fetch long poll reads again.
    this.#highWatermarkWaits.settleThrough(offset);
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  /**
   * Calls `listener` whenever the high watermark, the log end or the role moves;
   * returns the unsubscribe function.
   */
  onAdvance(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
