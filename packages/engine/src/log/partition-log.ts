import type { BatchHeader } from "@freshet/protocol/records/batch-header";
import type { Clock } from "../system/clock.js";
import type { Logger } from "../system/logger.js";
import { AppendPipeline, type AppendResult } from "./append-pipeline.js";
import { endOfBatches } from "./batch/stored-batch.js";
import { validateLogConfig, type PartitionLogConfig } from "./config.js";
import { DamagedRangeError, DamagedRanges, type DamagedRangeStats } from "./damage/damaged-ranges.js";
import { LogStartCheckpoint } from "./log-start-checkpoint.js";
import { LogError, storageError } from "./errors.js";
import type { LogFileSystem } from "./fs/log-file-system.js";
import { nodeFileSystem } from "./fs/node-file-system.js";
import { LeaderEpochCheckpoint } from "./leader-epoch/epoch-checkpoint.js";
import type { EpochEndOffset, LeaderEpochCache, LeaderEpochEntry } from "./leader-epoch/leader-epoch-cache.js";
import { EpochChanges, loadLeaderEpochs } from "./leader-epoch/load-leader-epochs.js";
import { CleanerCheckpoint } from "./cleaner/cleaner-checkpoint.js";
import { cleanLog, type CleanerPass, type CleanerTarget } from "./cleaner/log-cleaner.js";
import { discardCleanedSegment, swapInCleanedSegment } from "./cleaner/segment-swap.js";
import { openSegments } from "./recovery/open-log.js";
import { createSegment, openClosedSegment, type SegmentLoadContext } from "./recovery/load-segments.js";
import { segmentsToDelete } from "./retention.js";
import type { Segment } from "./segment/segment.js";
import { findBatchByTimestamp, readSegmentBatches, segmentHeaders } from "./segment/segment-reads.js";
import { truncateSegment } from "./segment/segment-truncation.js";
import { SerialExecutor } from "./serial-executor.js";

export type { AppendResult } from "./append-pipeline.js";
export type { CleanerPass } from "./cleaner/log-cleaner.js";
export type { Durability, PartitionLogConfig } from "./config.js";
export type { DamagedRangeStats } from "./damage/damaged-ranges.js";
export type { EpochEndOffset, LeaderEpochEntry } from "./leader-epoch/leader-epoch-cache.js";

const MAX_LEADER_EPOCH = 2 ** 31 - 1;

export interface LogResources {
  readonly logger: Logger;
  readonly clock: Clock;
  /** Where the files live; the real file system when omitted. */
  readonly fs?: LogFileSystem;
}

export interface ReadResult {
  /** Whole stored batches, back to back; views of read buffers, not copies. */
  readonly chunks: Uint8Array[];
  readonly bytes: number;
}

/**
 * The log of one partition: a directory of segments, each a `.log` file of record
 * batches with its sparse offset and time indexes.
 *
 * Offsets: `logEndOffset` advances only when an append completes under the durability
 * policy (in `batch` mode: once fsynced), and reads never return anything past it, so a
 * reader never sees a record that a crash could take back. The one exception is
 * `readForReplica`: followers get a group during its fsync and count it only once their
 * own copy is durable, while the high watermark also waits for this log end. `logStartOffset` is the base
 * offset of the oldest segment and advances as retention deletes segments.
 *
 * Concurrency: writes, rolls, truncation, retention and fsync run one at a time on a
 * serial executor; reads run alongside them against the bytes already acknowledged.
 *
 * Replication: a follower stores its leader's batches unchanged with `appendReplicated`,
 * and finds where its history diverges with the leader-epoch cache (`leaderEpochs`,
 * `endOffsetForEpoch`, KIP-101/279; see leader-epoch/leader-epoch-cache.ts), which
 * follows what is durable: appends add epochs once written, truncation and retention
 * cut it, and opening derives it again (see leader-epoch/load-leader-epochs.ts).
 */
export class PartitionLog {
  /** Shared with the append pipeline, which reads the segment limits at every roll. */
  readonly #config: PartitionLogConfig;
  readonly #context: SegmentLoadContext;
  readonly #segments: Segment[];
  readonly #executor = new SerialExecutor();
  readonly #appends: AppendPipeline;
  readonly #epochs: LeaderEpochCache;
  readonly #damaged: DamagedRanges;
  #closing: Promise<void> | null = null;
  readonly #logStart: LogStartCheckpoint;
  /** Where DeleteRecords moved the log start; below the first segment's base it changes nothing. */
  #logStartFloor: number;
  readonly #cleanerCheckpoint: CleanerCheckpoint;
  /** The lowest offset truncation cut to since the cleaner pass under way started (its checkpoint must not pass it). */
  #truncatedTo: number | null = null;
  #cleaning: Promise<CleanerPass | null> | null = null;

  private constructor(
    config: PartitionLogConfig,
    context: SegmentLoadContext,
    segments: Segment[],
    epochs: LeaderEpochCache,
    checkpoint: LeaderEpochCheckpoint,
    damaged: DamagedRanges,
    logStart: { checkpoint: LogStartCheckpoint; floor: number },
  ) {
    this.#config = config;
    this.#damaged = damaged;
    this.#logStart = logStart.checkpoint;
    this.#logStartFloor = logStart.floor;
    this.#context = context;
    this.#segments = segments;
    this.#epochs = epochs;
    this.#appends = new AppendPipeline(config, context, segments, this.#executor, epochs, checkpoint);
    this.#cleanerCheckpoint = new CleanerCheckpoint(context.fs, config.dir);
  }

  /** Opens (creating if new) the partition directory and recovers it; see recovery/load-segments.ts. */
  static async open(config: PartitionLogConfig, resources: LogResources): Promise<PartitionLog> {
    validateLogConfig(config);
    const context: SegmentLoadContext = {
      fs: resources.fs ?? nodeFileSystem,
      dir: config.dir,
      indexIntervalBytes: config.indexIntervalBytes,
      logger: resources.logger,
      clock: resources.clock,
    };
    try {
      const checkpoint = new LeaderEpochCheckpoint(context.fs, config.dir);
      const activeEpochs = new EpochChanges();
      const cleaned = await new CleanerCheckpoint(context.fs, config.dir).read();
      // A compacted log (cleaned here, or replicated from a leader that cleaned it) has offset gaps between segments.
      const gapsBelow = config.compaction ? Number.MAX_SAFE_INTEGER : cleaned.dirtyFrom;
      const { segments, damaged } = await openSegments(context, (header) => activeEpochs.observe(header), gapsBelow);
      const epochs = await loadLeaderEpochs(context, segments, checkpoint, activeEpochs.entries).catch(async (error: unknown) => {
        await Promise.allSettled(segments.map((segment) => segment.close()));
        throw error;
      });
      const damage = new DamagedRanges(config.dir, resources.logger, resources.clock);
      for (const range of damaged) damage.add(range);
      const logStart = new LogStartCheckpoint(context.fs, config.dir);
      const floor = await logStart.read();
      if (typeof floor !== "number")
        resources.logger.warn({ dir: config.dir, reason: floor.invalid }, "ignoring an unreadable log start offset file: records deleted with DeleteRecords may be served again");
      // A copy of its own: reconfigure() changes it in place for the append pipeline too.
      const log = new PartitionLog({ ...config }, context, segments, epochs, checkpoint, damage, { checkpoint: logStart, floor: typeof floor === "number" ? floor : 0 });
      resources.logger.debug({ dir: config.dir, logStartOffset: log.logStartOffset, logEndOffset: log.logEndOffset }, "partition log opened");
      return log;
    } catch (error) {
      throw error instanceof LogError ? error : storageError(`open log ${config.dir}`, error);
    }
  }

  get logStartOffset(): number {
    return Math.min(Math.max(this.#first().baseOffset, this.#logStartFloor), this.logEndOffset);
  }

  /**
   * DeleteRecords: records below `offset` are no longer served (the log start moves up to
   * it, durably) and the closed segments wholly below it are removed. An offset at or
   * below the log start changes nothing; one past the log end is refused.
   */
  async deleteRecordsBefore(offset: number): Promise<number> {
    const doomed = await this.#executor.run(async () => {
      this.#assertOpen();
      await this.#appends.drain();
      if (!Number.isSafeInteger(offset) || offset > this.logEndOffset) {
        throw new LogError("offset-out-of-range", `cannot delete records before offset ${offset}: the log of ${this.#config.dir} ends at ${this.logEndOffset}`);
      }
      if (offset <= this.logStartOffset) return [];
      await this.#logStart.save(offset);
      this.#logStartFloor = offset;
      let count = 0;
      while (count < this.#segments.length - 1 && this.#segments[count]!.nextOffset <= offset) count += 1;
      const removed = this.#segments.splice(0, count);
      this.#epochs.truncateFromStart(this.logStartOffset);
      return removed;
    });
    if (doomed.length > 0) {
      try {
        await this.#removeSegments(doomed);
      } catch (error) {
        throw storageError(`delete segments below ${offset} in ${this.#config.dir}`, error);
      }
    }
    this.#context.logger.info({ dir: this.#config.dir, logStartOffset: this.logStartOffset, deletedSegments: doomed.length }, "records deleted");
    return this.logStartOffset;
  }

  get logEndOffset(): number {
    return this.#active().nextOffset;
  }

  /**
   * The log end counting batches written but still being fsynced (`batch` mode): what a
   * leader may already send to followers with `readForReplica`. Equal to `logEndOffset`
   * whenever no fsync is under way.
   */
  get writtenEndOffset(): number {
    const last = this.#appends.unsynced.at(-1);
    return last === undefined ? this.logEndOffset : last.lastOffset + 1;
  }

  /** Calls `listener` whenever `writtenEndOffset` moves ahead of `logEndOffset` (a written group's fsync starts). */
  onWritten(listener: () => void): void {
    this.#appends.onWritten = listener;
  }

  /** Bytes of acknowledged batches on disk, over all segments. */
  size(): number {
    return this.#segments.reduce((total, segment) => total + segment.size, 0);
  }

  /**
   * Appends one magic-2 batch: stamps baseOffset (and partitionLeaderEpoch when given; for
   * a batch whose attributes ask for LogAppendTime, maxTimestamp and the CRC) in place, and
   * resolves once it is durable per the policy. See append-pipeline.ts.
   */
  append(batch: Uint8Array, leaderEpoch?: number): Promise<AppendResult> {
    return this.#appends.append(batch, leaderEpoch);
  }

  /**
   * Appends batches a leader wrote, as they are (offsets, epochs, timestamps, CRC): each
   * element must be exactly one batch, each starting where the previous ends, and the
   * first must start at the log end offset when it is written, else it is refused with a
   * `non-contiguous` LogError and not written; a batch of an older epoch than the log
   * holds is refused with `stale-epoch`. Same durability and group commit as `append`;
   * resolves with the first base offset and the last offset once every batch is durable.
   * On a failure the log may keep a prefix of the set (whole batches): fetch again from
   * `logEndOffset`. The bytes are not copied: leave them alone until this settles.
   */
  appendReplicated(batches: readonly Uint8Array[]): Promise<AppendResult> {
    return this.#appends.appendReplicated(batches);
  }

  /** The (epoch, start offset) of every leader epoch the log holds, oldest first. */
  get leaderEpochs(): readonly LeaderEpochEntry[] {
    return this.#epochs.entries;
  }

  /** The epoch of the newest entry in the leader-epoch cache; -1 when there is none. */
  latestEpoch(): number {
    return this.#epochs.latestEpoch();
  }

  /**
   * Where `epoch` ends in this log, as Kafka answers OffsetForLeaderEpoch: the latest
   * epoch ends at the log end offset; an older one where the next known epoch starts,
   * paired with the largest known epoch <= it; an epoch older than every entry where the
   * first entry starts; a negative or unknown newer epoch (-1, -1). Details in
   * leader-epoch/leader-epoch-cache.ts.
   */
  endOffsetForEpoch(epoch: number): EpochEndOffset {
    return this.#epochs.endOffsetFor(epoch, this.logEndOffset);
  }

  /**
   * A replica taking leadership at `epoch` records that the epoch starts at its log end
   * (after the appends already called), before it has written anything in it, so that it
   * can answer followers holding epochs it never saw (KIP-279). Kafka calls this on every
   * leadership change; so must the caller, also after a restart: the entry lives in memory
   * until a batch of the epoch is written. Refused with `stale-epoch` below an epoch the
   * log holds batches of; an epoch equal to the latest changes nothing.
   */
  assignLeaderEpoch(epoch: number): Promise<void> {
    if (!Number.isInteger(epoch) || epoch < 0 || epoch > MAX_LEADER_EPOCH) {
      return Promise.reject(new RangeError(`leader epoch ${epoch} is not an int32 >= 0`));
    }
    return this.#executor.run(async () => {
      this.#assertOpen();
      await this.#appends.drain();
      const end = this.logEndOffset;
      if (this.#epochs.isStale(epoch, end)) {
        throw new LogError("stale-epoch", `leader epoch ${epoch} is older than epoch ${this.#epochs.latestEpoch()} in ${this.#config.dir}`);
      }
      this.#epochs.assign(epoch, end);
    });
  }

  /**
   * Whole batches from the one containing `fetchOffset`, at most `maxBytes` (but the first
   * whole when `minOneBatch`, KIP-74), none holding an offset >= `upTo`. May span segments.
   * Throws an `offset-out-of-range` LogError outside [logStartOffset, logEndOffset], and a
   * DamagedRangeError (`corrupt`) when the batch holding `fetchOffset` is damaged or lost
   * (see damage/damaged-ranges.ts); a read that meets damage after good batches returns those.
   */
  async read(fetchOffset: number, maxBytes: number, upTo: number, minOneBatch: boolean): Promise<ReadResult> {
    this.#assertOpen();
    const logEnd = this.logEndOffset;
    if (fetchOffset < this.logStartOffset || fetchOffset > logEnd) {
      throw new LogError("offset-out-of-range", `offset ${fetchOffset} is outside [${this.logStartOffset}, ${logEnd}] in ${this.#config.dir}`);
    }
    const known = this.#damaged.find(fetchOffset);
    if (known) throw this.#damaged.refuse(known);
    const endOffset = Math.min(upTo, logEnd);
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    let segment = fetchOffset < endOffset ? this.#segmentFor(fetchOffset) : undefined;
    while (segment) {
      const part = await readSegmentBatches(segment, fetchOffset, endOffset, maxBytes - bytes, minOneBatch && bytes === 0).catch((error: unknown) => {
        if (error instanceof DamagedRangeError) throw this.#damaged.refuse(this.#damaged.add(error.range));
        throw error;
      });
      chunks.push(...part.chunks);
      bytes += part.bytes;
      if (part.done || bytes >= maxBytes) break;
      // Retention, truncation or the cleaner may have replaced segments while this read
      // waited: continue only with the segment still listed right after this one. (Offsets
      // may skip between them: compaction leaves gaps, so adjacency is by list, not offset.)
      // A damaged range right after this segment (its lost tail, a missing segment) ends the
      // read here: the next fetch starts there and is refused, so no consumer skips it unknowingly.
      if (this.#damaged.find(segment.nextOffset)) break;
      const at = this.#segments.indexOf(segment);
      segment = at >= 0 ? this.#segments[at + 1] : undefined;
    }
    return { chunks, bytes };
  }

  /**
   * A leader's read for a follower: as `read` up to `writtenEndOffset`, so the batches whose
   * fsync is still under way go out too and the follower's fsync overlaps the leader's. The
   * follower reports what it made durable with its next fetch offset; the high watermark
   * also waits for this log's own `logEndOffset`, so nothing here counts as committed early.
   */
  async readForReplica(fetchOffset: number, maxBytes: number, minOneBatch: boolean): Promise<ReadResult> {
    const durableEnd = this.logEndOffset;
    if (fetchOffset >= durableEnd) return this.#readUnsynced(fetchOffset, { chunks: [], bytes: 0 }, maxBytes, minOneBatch);
    const durable = await this.read(fetchOffset, maxBytes, durableEnd, minOneBatch);
    // The fsync under way now may be a later one than at the start: add only batches that continue the durable part exactly.
    const last = durable.chunks.at(-1);
    if (last === undefined || endOfBatches(last) !== durableEnd) return durable;
    return this.#readUnsynced(durableEnd, durable, maxBytes, minOneBatch);
  }

  /** `read` so far, followed by the unsynced batches from the one holding `from`, whole, within `maxBytes`. */
  #readUnsynced(from: number, read: ReadResult, maxBytes: number, minOneBatch: boolean): ReadResult {
    const chunks = [...read.chunks];
    let bytes = read.bytes;
    for (const batch of this.#appends.unsynced) {
      if (batch.lastOffset < from) continue;
      const size = batch.bytes.byteLength;
      if (bytes + size > maxBytes && !(minOneBatch && bytes === 0)) break;
      chunks.push(batch.bytes);
      bytes += size;
    }
    return { chunks, bytes };
  }

  /** The largest batch maxTimestamp in the log, or -1 when no batch carries one. */
  maxTimestamp(): number {
    this.#assertOpen();
    let max = -1;
    for (let segment: Segment | undefined = this.#first(); segment; segment = this.#segmentAfter(segment)) max = Math.max(max, segment.maxTimestamp);
    return max;
  }

  /**
   * The first batch (in offset order) whose maxTimestamp >= `timestamp`, or null. A segment
   * whose framing is damaged where the lookup walks is recorded as damaged and skipped.
   */
  async batchForTimestamp(timestamp: number): Promise<{ batch: Uint8Array } | null> {
    this.#assertOpen();
    for (let segment: Segment | undefined = this.#first(); segment; segment = this.#segmentAfter(segment)) {
      if (segment.maxTimestamp < timestamp) continue;
      const batch = await findBatchByTimestamp(segment, timestamp).catch((error: unknown) => {
        if (!(error instanceof DamagedRangeError)) throw error;
        this.#damaged.add(error.range);
        return null;
      });
      if (batch) return { batch };
    }
    return null;
  }

  /**
   * Headers of the batches from the one containing `fromOffset` to the end of the log.
   * `position` is the batch's byte position in its segment file. A segment stays open
   * while the iteration is inside it. Batches whose framing is damaged are skipped (up to
   * the next index entry) and recorded as a damaged range.
   */
  async *headers(fromOffset: number): AsyncGenerator<BatchHeader & { position: number }> {
    this.#assertOpen();
    for (let segment: Segment | undefined = this.#segmentFor(fromOffset); segment; segment = this.#segmentAfter(segment)) {
      yield* segmentHeaders(segment, fromOffset, (damage) => this.#damaged.add(damage.range));
    }
  }

  /**
   * Removes every batch holding an offset >= `offset` (a batch is never split, so the new
   * logEndOffset can land below `offset`). Later segments go first, newest first, so a crash
   * midway leaves a shorter but contiguous log. Appends made before this call are written
   * first; appends made while it is pending may be too (they overlap it, so either order
   * is consistent): a follower awaits it before appending from the new log end, and a
   * replicated batch that then does not start there is refused, never misplaced. Below
   * logStartOffset the log is emptied and restarts at `offset`.
   *
   * The leader-epoch cache loses every entry starting at or after the new log end, even
   * when nothing is cut: an epoch this replica assigned as leader but never wrote must
   * not outlive its leadership (Kafka does the same).
   */
  truncateTo(offset: number): Promise<void> {
    return this.#executor.run(async () => {
      this.#assertOpen();
      await this.#appends.drain();
      if (offset >= this.logEndOffset) {
        this.#epochs.truncateFromEnd(this.logEndOffset);
        return;
      }
      this.#truncatedTo = Math.min(this.#truncatedTo ?? offset, offset);
      const restart = offset < this.logStartOffset;
      const keep = restart ? 0 : this.#segments.indexOf(this.#segmentFor(offset) ?? this.#first()) + 1;
      const doomed = this.#segments.splice(keep).reverse();
      try {
        if (this.#segments.length === 0) this.#segments.push(await createSegment(this.#context, offset));
        await this.#removeSegments(doomed);
        const target = this.#active();
        if (target.nextOffset > offset) await truncateSegment(target, offset);
        // A closed segment fenced for damage becomes active here: drop its bytes past the last good batch before appends follow.
        else if ((await target.file.size()) > target.size) {
          await target.file.truncate(target.size);
          await target.file.sync();
        }
      } catch (error) {
        throw storageError(`truncate ${this.#config.dir} to ${offset}`, error);
      } finally {
        // Whatever part of the cut happened, no entry may outlive its batches.
        if (restart) {
          this.#epochs.clear();
          this.#logStartFloor = 0;
        } else this.#epochs.truncateFromEnd(this.logEndOffset);
        this.#damaged.truncateFromEnd(restart ? 0 : this.logEndOffset);
      }
      // Records written again below the cleaner checkpoint are dirty: they must be cleaned against each other.
      try {
        const cleaned = await this.#cleanerCheckpoint.read();
        if (cleaned.dirtyFrom > offset) await this.#cleanerCheckpoint.save({ ...cleaned, dirtyFrom: offset });
      } catch (error) {
        this.#context.logger.warn(
          { dir: this.#config.dir, err: error },
          "cannot lower the cleaner checkpoint after truncation: some rewritten keys may keep older values until they are written again",
        );
      }
      this.#context.logger.info({ dir: this.#config.dir, offset, logEndOffset: this.logEndOffset }, "log truncated");
    });
  }

  /**
   * Applies a topic's changed segment and retention settings from the next roll or
   * retention pass on. The directory, index interval and durability of an open log stay
   * as they are: a change to them is refused.
   */
  reconfigure(config: PartitionLogConfig): void {
    validateLogConfig(config);
    const current = this.#config;
    if (config.dir !== current.dir || config.indexIntervalBytes !== current.indexIntervalBytes || JSON.stringify(config.durability) !== JSON.stringify(current.durability)) {
      throw new LogError("config", `the directory, index interval and durability of the open log ${current.dir} cannot change`);
    }
    Object.assign(current, {
      segmentBytes: config.segmentBytes,
      segmentMs: config.segmentMs,
      retentionMs: config.retentionMs,
      retentionBytes: config.retentionBytes,
      compaction: config.compaction ?? null,
    });
  }

  /** Deletes the oldest closed segments that retention no longer keeps; see retention.ts. */
  async enforceRetention(): Promise<{ deletedSegments: number; logStartOffset: number }> {
    const doomed = await this.#executor.run(async () => {
      this.#assertOpen();
      const count = await segmentsToDelete(this.#segments, this.#config, this.#context.clock.now(), (segment) => this.#newestRecordMs(segment));
      const deleted = this.#segments.splice(0, count);
      if (count > 0) {
        this.#epochs.truncateFromStart(this.logStartOffset);
        this.#damaged.truncateFromStart(this.logStartOffset);
      }
      return deleted;
    });
    if (doomed.length > 0) {
      try {
        await this.#removeSegments(doomed);
      } catch (error) {
        throw storageError(`delete expired segments in ${this.#config.dir}`, error);
      }
      this.#context.logger.info({ dir: this.#config.dir, deletedSegments: doomed.length, logStartOffset: this.logStartOffset }, "retention deleted segments");
    }
    return { deletedSegments: doomed.length, logStartOffset: this.logStartOffset };
  }

  /** The offset ranges this log cannot serve and how often they were asked for (for metrics and admin views). */
  damagedRanges(): DamagedRangeStats[] {
    return this.#damaged.stats();
  }

  /**
   * One log-cleaner pass when the topic is compacted and the log is due (see
   * cleaner/log-cleaner.ts); null when nothing was done. Appends and reads go on meanwhile:
   * only the swap of each cleaned segment runs on the executor. One pass at a time.
   */
  clean(): Promise<CleanerPass | null> {
    const policy = this.#config.compaction;
    if (!policy) return Promise.resolve(null);
    this.#assertOpen();
    if (!this.#cleaning) {
      // Truncations before this pass already lowered the stored checkpoint; only later ones matter.
      this.#truncatedTo = null;
      this.#cleaning = cleanLog(this.#cleanerTarget(), policy, this.#context.clock.now()).finally(() => (this.#cleaning = null));
    }
    return this.#cleaning;
  }

  #cleanerTarget(): CleanerTarget {
    const { fs, dir, indexIntervalBytes } = this.#context;
    return {
      fs,
      dir,
      indexIntervalBytes,
      checkpoint: this.#cleanerCheckpoint,
      segments: () => [...this.#segments],
      saveState: (state) =>
        this.#executor.run(() => {
          const truncated = this.#truncatedTo;
          return this.#cleanerCheckpoint.save(truncated !== null && truncated < state.dirtyFrom ? { ...state, dirtyFrom: truncated } : state);
        }),
      lastBatchOfProducers: async () => {
        const last = new Map<number, number>();
        for await (const header of this.headers(this.logStartOffset)) if (header.producerId >= 0) last.set(header.producerId, header.baseOffset);
        return last;
      },
      swapCleaned: async (segment, expectedSize, emptied) => {
        const outcome = await this.#executor.run(async (): Promise<"changed" | "removed" | "swapped"> => {
          this.#assertOpen();
          const at = this.#segments.indexOf(segment);
          if (at < 0 || at === this.#segments.length - 1 || segment.size !== expectedSize) return "changed";
          // A segment left with nothing goes, unless it is the first (it holds the log start):
          // the offsets it covered become a gap between its neighbours.
          if (emptied && at > 0) {
            this.#segments.splice(at, 1);
            return "removed";
          }
          try {
            await swapInCleanedSegment(fs, dir, segment.baseOffset);
            const reopened = await openClosedSegment(this.#context, segment.baseOffset);
            // The cleaner wrote and fsynced this file itself: damage here means the disk failed under it.
            if (reopened.damage) throw new LogError("corrupt", `the cleaned segment ${segment.paths.log} fails its checks at byte ${reopened.damage.position}: ${reopened.damage.reason}`);
            this.#segments[at] = reopened.segment;
          } catch (error) {
            throw storageError(`swap in the cleaned segment ${segment.paths.log}`, error);
          }
          return "swapped";
        });
        if (outcome === "removed") {
          await discardCleanedSegment(fs, dir, segment.baseOffset);
          await this.#removeSegments([segment]);
        }
        // A swapped-out file (its inode survives the rename) closes once reads under way finish.
        if (outcome === "swapped") await segment.close();
        const replaced = outcome !== "changed";
        return replaced;
      },
    };
  }

  /** fsyncs everything appended so far (appends already called are written first). */
  flush(): Promise<void> {
    return this.#executor.run(async () => {
      this.#assertOpen();
      await this.#appends.drain();
      await this.#appends.syncActive();
    });
  }

  /**
   * Finishes the appends already called, fsyncs the active segment in every durability mode,
   * and closes the files; later calls fail with a `closed` LogError. Safe to call twice.
   */
  close(): Promise<void> {
    this.#closing ??= this.#closeOnce();
    return this.#closing;
  }

  /** Closes the log and removes its directory. */
  async delete(): Promise<void> {
    await this.close();
    await this.#context.fs.removeDirectory(this.#config.dir);
  }

  async #closeOnce(): Promise<void> {
    const failures: unknown[] = [];
    await this.#executor
      .run(async () => {
        this.#appends.stop();
        await this.#appends.drain();
        if (!this.#appends.failed) await this.#appends.syncActive();
      })
      .catch((error: unknown) => failures.push(error));
    for (const result of await Promise.allSettled(this.#segments.map((segment) => segment.close()))) {
      if (result.status === "rejected") failures.push(result.reason);
    }
    if (failures.length > 0) throw storageError(`close ${this.#config.dir}`, failures[0]);
  }

  /** Unlinks segments already taken out of the list: .log first, so leftovers are orphans. */
  async #removeSegments(segments: readonly Segment[]): Promise<void> {
    const { fs } = this.#context;
    for (const segment of segments) {
      await segment.close();
      await fs.unlink(segment.paths.log);
      await fs.unlink(segment.paths.index);
      await fs.unlink(segment.paths.timeIndex);
    }
    if (segments.length > 0) await fs.syncDirectory(this.#config.dir);
  }

  /** Kafka's rule: the largest record timestamp, or the file's mtime when no batch has one. */
  async #newestRecordMs(segment: Segment): Promise<number> {
    if (segment.maxTimestamp >= 0) return segment.maxTimestamp;
    return (await this.#context.fs.stat(segment.paths.log))?.mtimeMs ?? this.#context.clock.now();
  }

  #assertOpen(): void {
    if (this.#closing || this.#appends.stopped) throw new LogError("closed", `log ${this.#config.dir} is closed`);
  }

  #first(): Segment {
    const first = this.#segments[0];
    if (!first) throw new LogError("closed", `log ${this.#config.dir} has no segments`);
    return first;
  }

  #active(): Segment {
    const active = this.#segments.at(-1);
    if (!active) throw new LogError("closed", `log ${this.#config.dir} has no segments`);
    return active;
  }

  /** The segment whose offsets start at or before `offset` (the first one below the log start). */
  #segmentFor(offset: number): Segment | undefined {
    return this.#segments[Math.max(0, this.#firstIndexAbove(offset) - 1)];
  }

  #segmentAfter(segment: Segment): Segment | undefined {
    return this.#segments[this.#firstIndexAbove(segment.baseOffset)];
  }

  /** Index of the first segment whose base offset is > `offset` (binary search). */
  #firstIndexAbove(offset: number): number {
    let low = 0;
    let high = this.#segments.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#segments[middle]?.baseOffset ?? Infinity) > offset) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
