import { Attributes, Field, writeBaseOffset, writePartitionLeaderEpoch } from "@freshet/protocol/records/batch-header";
import { stampLogAppendTime } from "@freshet/protocol/records/log-append-time";
import { checkReplicatedBatches } from "./batch/replicated-batches.js";
import { batchShapeAt, dataViewOf, int64At } from "./batch/stored-batch.js";
import type { PartitionLogConfig } from "./config.js";
import { LogError, storageError } from "./errors.js";
import type { LeaderEpochCheckpoint } from "./leader-epoch/epoch-checkpoint.js";
import type { LeaderEpochCache } from "./leader-epoch/leader-epoch-cache.js";
import { createSegment, type SegmentLoadContext } from "./recovery/load-segments.js";
import { writeIndexFiles } from "./segment/index-files.js";
import type { Segment } from "./segment/segment.js";
import type { SerialExecutor } from "./serial-executor.js";
import { every, type Cancel } from "../system/clock.js";

export interface AppendResult {
  readonly baseOffset: number;
  readonly lastOffset: number;
  /** Set when the batch asked for LogAppendTime: the time stamped into its maxTimestamp. */
  readonly logAppendTime?: number;
}

interface PendingAppend {
  readonly batch: Uint8Array;
  /** A leader append's epoch to stamp; undefined keeps the batch's own. */
  readonly leaderEpoch: number | undefined;
  /** Set for a replicated append, whose offsets stay as the leader wrote them. */
  readonly replicated: ReplicatedAppend | undefined;
  readonly lastOffsetDelta: number;
  readonly logAppendTime: boolean;
  maxTimestamp: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: LogError) => void;
}

interface ReplicatedAppend {
  /** The batch's own base offset, which must be the log end when it is written. */
  readonly baseOffset: number;
  /** Shared by the batches of one call: once one fails, the later ones must not be written. */
  readonly set: { failure: LogError | null };
}

/** Linux's IOV_MAX: more chunks than this would split one writev into several syscalls. */
const MAX_BATCHES_PER_WRITE = 1024;
/** Bounds how long one write + fsync can take, and so the latency of the appends behind it. */
const MAX_BYTES_PER_WRITE = 16 * 1024 * 1024;
const MAX_LEADER_EPOCH = 2 ** 31 - 1;

/** A batch of the cycle being fsynced: written to the file, not yet durable. */
export interface UnsyncedBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly bytes: Uint8Array;
}

/**
 * The write side of a partition log, built for the hot path.
 *
 * Group commit: `append` only queues the batch and makes sure a write cycle is scheduled on
 * the log's serial executor. A cycle takes everything queued (up to the limits above and
 * the segment boundary), assigns offsets in queue order, writes all of it with one writev
 * at the end of the active segment, and in `batch` mode fsyncs (fdatasync) once; only then
 * are the offsets visible and the promises resolved. Appends arriving meanwhile queue for
 * the next cycle, so under load one write + one fsync serves many appends and the fsync
 * rate stays bounded by the fsync latency rather than the request rate.
 *
 * Replicated appends (a follower storing what its leader wrote) go through the same
 * queue and cycles but keep their offsets and epochs: a batch that does not start at
 * the log end when its cycle comes is refused, unwritten. Every append, leader or
 * replicated, is refused if its leader epoch is older than one the log already holds
 * batches of, and the leader-epoch cache takes the new epochs of a cycle only once its
 * write succeeded. At a roll, the epochs of the segment being closed are checkpointed
 * before the next segment exists (see leader-epoch/epoch-checkpoint.ts).
 *
 * Failures: a failed write (ENOSPC, EIO) truncates the segment back to where the cycle
 * started and rejects that cycle's appends with a `storage` LogError; the log stays usable.
 * A failed fsync (or a failed truncate-back) leaves the file state unknown — the kernel may
 * have dropped the pages it could not write — so the log rejects every later append until
 * it is reopened and recovered.
 */
export class AppendPipeline {
  #pending: PendingAppend[] = [];
  #cycleQueued = false;
  #unsynced = false;
  #failure: LogError | null = null;
  #stopped = false;
  /** In `batch` mode, the batches of the cycle whose fsync is under way (empty otherwise). */
  #unsyncedBatches: readonly UnsyncedBatch[] = [];
  /** Called once a cycle's batches are written and its fsync starts (see `unsynced`). */
  onWritten: () => void = () => undefined;
  readonly #stopSyncTimer: Cancel = () => undefined;

  constructor(
    private readonly config: PartitionLogConfig,
    private readonly context: SegmentLoadContext,
    /** The log's segment list (shared): the last one is the active segment. */
    private readonly segments: Segment[],
    private readonly executor: SerialExecutor,
    /** The log's leader-epoch cache (shared), kept in step with what is durable. */
    private readonly epochs: LeaderEpochCache,
    private readonly checkpoint: LeaderEpochCheckpoint,
  ) {
    const { durability } = config;
    if (durability.mode === "interval") {
      this.#stopSyncTimer = every(context.clock, durability.intervalMs, () => this.#periodicSync());
    }
  }

  get failed(): boolean {
    return this.#failure !== null;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  append(batch: Uint8Array, leaderEpoch: number | undefined): Promise<AppendResult> {
    if (this.#stopped) return Promise.reject(new LogError("closed", `log ${this.config.dir} is closed`));
    if (this.#failure) return Promise.reject(this.#failure);
    const view = dataViewOf(batch);
    const shape = batchShapeAt(view, 0, batch.byteLength);
    if (!shape.ok || shape.size !== batch.byteLength) {
      const reason = shape.ok ? `batch is ${shape.size} bytes but ${batch.byteLength} were given` : shape.reason;
      return Promise.reject(new LogError("invalid-batch", `not one magic-2 record batch: ${reason}`));
    }
    if (leaderEpoch !== undefined && !(Number.isInteger(leaderEpoch) && leaderEpoch >= -1 && leaderEpoch <= MAX_LEADER_EPOCH)) {
      return Promise.reject(new LogError("invalid-batch", `leader epoch ${leaderEpoch} is not an int32 >= -1`));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.#pending.push({
        batch,
        leaderEpoch,
        replicated: undefined,
        lastOffsetDelta: view.getInt32(Field.lastOffsetDelta),
        logAppendTime: (view.getInt16(Field.attributes) & Attributes.timestampTypeLogAppend) !== 0,
        maxTimestamp: int64At(view, Field.maxTimestamp),
        resolve,
        reject,
      });
      this.#scheduleCycle();
    });
  }

  /**
   * Queues batches a leader wrote, unchanged, as consecutive appends; resolves with the
   * first base offset and the last offset once all are durable. A set split over two
   * cycles (a roll in between) can end up partly written when the second cycle fails.
   */
  appendReplicated(batches: readonly Uint8Array[]): Promise<AppendResult> {
    if (this.#stopped) return Promise.reject(new LogError("closed", `log ${this.config.dir} is closed`));
    if (this.#failure) return Promise.reject(this.#failure);
    const checked = checkReplicatedBatches(batches);
    if (checked instanceof LogError) return Promise.reject(checked);
    const set: ReplicatedAppend["set"] = { failure: null };
    const appends = checked.map(
      (replicated) =>
        new Promise<AppendResult>((resolve, reject) => {
          this.#pending.push({
            batch: replicated.batch,
            leaderEpoch: undefined,
            replicated: { baseOffset: replicated.baseOffset, set },
            lastOffsetDelta: replicated.lastOffsetDelta,
            logAppendTime: false,
            maxTimestamp: replicated.maxTimestamp,
            resolve,
            reject: (error) => {
              set.failure ??= error;
              reject(error);
            },
          });
        }),
    );
    this.#scheduleCycle();
    return Promise.all(appends).then((results) => ({ baseOffset: results[0]?.baseOffset ?? -1, lastOffset: results.at(-1)?.lastOffset ?? -1 }));
  }

  /**
   * The batches written but still being fsynced, oldest first. Replication may send these
   * to followers at once (each replica fsyncs on its own, as in Kafka) so the fsyncs of
   * leader and followers overlap; nothing counts them as durable here until the fsync
   * succeeds. After a failed fsync they are dropped (the log refuses appends from then on).
   */
  get unsynced(): readonly UnsyncedBatch[] {
    return this.#unsyncedBatches;
  }

  /** Writes everything queued; call on the executor. */
  async drain(): Promise<void> {
    while (this.#pending.length > 0) await this.#cycle();
  }

  /** fsyncs the active segment if anything is unsynced; call on the executor. */
  async syncActive(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (!this.#unsynced) return;
    const active = this.#active();
    try {
      await active.file.sync();
      this.#unsynced = false;
    } catch (cause) {
      this.#failure = storageError(`fsync ${active.paths.log}`, cause);
      this.context.logger.error({ file: active.paths.log, error: this.#failure.message }, "fsync failed; the log refuses appends until reopened");
      throw this.#failure;
    }
  }

  /** No more appends; queued ones are still written by `drain`. */
  stop(): void {
    this.#stopped = true;
    this.#stopSyncTimer();
  }

  #scheduleCycle(): void {
    if (this.#cycleQueued) return;
    this.#cycleQueued = true;
    this.executor
      .run(() => this.#cycle())
      .catch((cause: unknown) => {
        // Not reached by file errors (a cycle turns those into rejections); a bug must still
        // not leave appends waiting forever.
        const error = storageError(`append cycle in ${this.config.dir}`, cause);
        this.context.logger.error({ dir: this.config.dir, error: error.message }, "append cycle failed");
        this.#rejectAll(this.#pending.splice(0), error);
      });
  }

  #periodicSync(): void {
    if (!this.#unsynced || this.#failure || this.#stopped) return;
    this.executor.run(() => this.syncActive()).catch(() => undefined);
  }

  async #cycle(): Promise<void> {
    this.#cycleQueued = false;
    const first = this.#pending[0];
    if (!first) return;
    if (this.#failure) {
      this.#rejectAll(this.#pending.splice(0), this.#failure);
      return;
    }
    try {
      if (this.#shouldRoll(first.batch.byteLength)) await this.#roll();
    } catch (cause) {
      this.#rejectAll(this.#pending.splice(0), storageError(`roll segment in ${this.config.dir}`, cause));
      return;
    }
    const active = this.#active();
    const { group, results, epochs } = this.#assignOffsets(this.#takeGroup(active), active.nextOffset);
    const position = active.size;
    const error = group.length > 0 ? await this.#write(active, group, results, position) : null;
    if (error) {
      this.#rejectAll(group, error);
    } else {
      let at = position;
      for (const [index, append] of group.entries()) {
        const result = results[index];
        if (!result) continue;
        active.addBatch(at, result.baseOffset, result.lastOffset, append.maxTimestamp, append.batch.byteLength);
        at += append.batch.byteLength;
      }
      if (epochs) this.epochs.adopt(epochs);
      for (const [index, append] of group.entries()) {
        const result = results[index];
        if (result) append.resolve(result);
      }
    }
    if (this.#pending.length > 0) this.#scheduleCycle();
  }

  #takeGroup(active: Segment): PendingAppend[] {
    let count = 0;
    let bytes = 0;
    for (const append of this.#pending) {
      const size = append.batch.byteLength;
      if (count > 0 && (count >= MAX_BATCHES_PER_WRITE || bytes + size > MAX_BYTES_PER_WRITE || active.size + bytes + size > this.config.segmentBytes)) break;
      count += 1;
      bytes += size;
    }
    return this.#pending.splice(0, count);
  }

  /**
   * Gives the group its offsets in queue order (stamping leader appends), refusing the
   * appends that cannot go at their place (see `#refusal`). Returns what is to be
   * written, and a changed copy of the epoch cache when the group starts new epochs.
   */
  #assignOffsets(taken: readonly PendingAppend[], firstOffset: number): { group: PendingAppend[]; results: AppendResult[]; epochs: LeaderEpochCache | null } {
    const now = this.context.clock.now();
    const group: PendingAppend[] = [];
    const results: AppendResult[] = [];
    let epochs: LeaderEpochCache | null = null;
    let offset = firstOffset;
    for (const append of taken) {
      const epoch = append.leaderEpoch ?? dataViewOf(append.batch).getInt32(Field.partitionLeaderEpoch);
      const refusal = this.#refusal(append, offset, epoch, epochs ?? this.epochs);
      if (refusal) {
        append.reject(refusal);
        continue;
      }
      if (append.replicated) offset = append.replicated.baseOffset;
      if (append.replicated === undefined) {
        writeBaseOffset(append.batch, offset);
        if (append.leaderEpoch !== undefined) writePartitionLeaderEpoch(append.batch, append.leaderEpoch);
      }
      if ((epochs ?? this.epochs).wouldChange(epoch, offset)) {
        epochs ??= this.epochs.copy();
        epochs.assign(epoch, offset);
      }
      results.push(
        append.logAppendTime ? { baseOffset: offset, lastOffset: offset + append.lastOffsetDelta, logAppendTime: now } : { baseOffset: offset, lastOffset: offset + append.lastOffsetDelta },
      );
      if (append.logAppendTime) {
        // Stamped at write time, in offset order, so LogAppendTime never goes backwards in the log.
        stampLogAppendTime(append.batch, now);
        append.maxTimestamp = now;
      }
      group.push(append);
      offset += append.lastOffsetDelta + 1;
    }
    return { group, results, epochs };
  }

  /** Why an append cannot be written at `offset` with leader epoch `epoch`, or null. */
  #refusal(append: PendingAppend, offset: number, epoch: number, epochs: LeaderEpochCache): LogError | null {
    const replicated = append.replicated;
    if (replicated?.set.failure) return replicated.set.failure;
    // Past the log end is a gap the leader's compaction left; before it, histories diverge.
    if (replicated && replicated.baseOffset < offset) {
      return new LogError("non-contiguous", `replicated batch starts at ${replicated.baseOffset} but the log of ${this.config.dir} ends at ${offset}`);
    }
    if (epochs.isStale(epoch, offset)) {
      return new LogError("stale-epoch", `batch of leader epoch ${epoch} after batches of epoch ${epochs.latestEpoch()} in ${this.config.dir}`);
    }
    return null;
  }

  /**
   * One writev (+ one fsync in batch mode, during which the group is readable through
   * `unsynced`); on failure the segment is cut back to `position`.
   */
  async #write(active: Segment, group: readonly PendingAppend[], results: readonly AppendResult[], position: number): Promise<LogError | null> {
    let written = false;
    try {
      await active.file.writev(
        group.map((append) => append.batch),
        position,
      );
      written = true;
      if (this.config.durability.mode === "batch") {
        this.#unsyncedBatches = group.flatMap((append, index) => {
          const result = results[index];
          return result ? [{ baseOffset: result.baseOffset, lastOffset: result.lastOffset, bytes: append.batch }] : [];
        });
        this.onWritten();
        try {
          await active.file.sync();
        } finally {
          this.#unsyncedBatches = [];
        }
      } else this.#unsynced = true;
      return null;
    } catch (cause) {
      const error = storageError(`${written ? "fsync" : "write"} ${active.paths.log}`, cause);
      try {
        await active.file.truncate(position);
      } catch {
        this.#failure = error;
      }
      if (written) this.#failure = error;
      this.context.logger.error({ file: active.paths.log, position, error: error.message, refusingAppends: this.#failure !== null }, "append failed");
      return error;
    }
  }

  #shouldRoll(nextBatchBytes: number): boolean {
    const active = this.#active();
    if (active.isEmpty) return false;
    return active.size + nextBatchBytes > this.config.segmentBytes || this.context.clock.now() - active.rollStartMs >= this.config.segmentMs;
  }

  /**
   * Closes the active segment and starts the next. Order matters for recovery: the old
   * segment's data and index files, and the epoch checkpoint covering it, are fsynced
   * before the new file exists, and the directory is fsynced after, so any segment
   * followed by another is complete on disk.
   */
  async #roll(): Promise<void> {
    const previous = this.#active();
    await previous.file.sync();
    await writeIndexFiles(this.context.fs, previous);
    await this.checkpoint.save(this.epochs.entriesBelow(previous.nextOffset));
    const next = await createSegment(this.context, previous.nextOffset);
    try {
      await this.context.fs.syncDirectory(this.config.dir);
    } catch (error) {
      await next.file.close().catch(() => undefined);
      await this.context.fs.unlink(next.paths.log).catch(() => undefined);
      throw error;
    }
    this.segments.push(next);
    this.#unsynced = false;
    this.context.logger.debug({ dir: this.config.dir, baseOffset: next.baseOffset, previousBytes: previous.size }, "segment rolled");
  }

  #active(): Segment {
    const active = this.segments.at(-1);
    if (!active) throw new LogError("closed", `log ${this.config.dir} has no segments`);
    return active;
  }

  #rejectAll(appends: readonly PendingAppend[], error: LogError): void {
    for (const append of appends) append.reject(error);
  }
}
