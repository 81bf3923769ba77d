import { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET, type EpochEndOffset } from "./leader-epoch-cache.js";

/** The part of a follower's log the truncation decision reads. */
export interface FollowerEpochs {
  readonly logEndOffset: number;
  endOffsetForEpoch(epoch: number): EpochEndOffset;
}

export interface TruncationStep {
  /** Truncate the follower's log to this offset (it may equal the log end: nothing to cut). */
  readonly offset: number;
  /** False: truncate, then ask the leader again for the new latest epoch. */
  readonly complete: boolean;
}

/**
 * One step of a follower finding where its log diverges from its leader's, as Kafka's
 * fetcher does it (AbstractFetcherThread.getOffsetTruncationState, KIP-101 + KIP-279).
 * `answer` is the leader's OffsetForLeaderEpoch answer for the follower's latest epoch.
 *
 * - The leader knows no epoch (UNDEFINED end offset): truncate to `fallbackOffset`
 *   (Kafka: the follower's high watermark), the pre-KIP-101 rule; done.
 * - The follower holds the epoch the leader answered with: its batches agree with the
 *   leader's up to where that epoch ends in both logs; done.
 * - It does not (a fast double failover, KIP-279): cut to where the follower's largest
 *   epoch below the answer ends, and ask again; its latest epoch drops every round, so
 *   this ends.
 * - The follower has no epochs at all: the leader's end offset; done.
 */
export function followerTruncation(answer: EpochEndOffset, follower: FollowerEpochs, fallbackOffset: number): TruncationStep {
  const end = follower.logEndOffset;
  if (answer.endOffset === UNDEFINED_EPOCH_OFFSET) return { offset: Math.min(fallbackOffset, end), complete: true };
  if (answer.epoch === UNDEFINED_EPOCH) return { offset: Math.min(answer.endOffset, end), complete: true };
  const ours = follower.endOffsetForEpoch(answer.epoch);
  if (ours.endOffset === UNDEFINED_EPOCH_OFFSET) return { offset: Math.min(answer.endOffset, end), complete: true };
  if (ours.epoch !== answer.epoch) return { offset: Math.min(ours.endOffset, end), complete: false };
  return { offset: Math.min(ours.endOffset, answer.endOffset, end), complete: true };
}
