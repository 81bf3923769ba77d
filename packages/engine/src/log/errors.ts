import { errnoCode } from "./fs/log-file-system.js";

/**
 * Why a log operation failed. The broker maps them to Kafka error codes:
 * - `storage`: a file operation failed (ENOSPC, EIO, ...) → KAFKA_STORAGE_ERROR, retriable.
 *   After a failed fsync the log refuses further appends until reopened, because the
 *   kernel may already have dropped the dirty pages it could not write ("fsyncgate").
 * - `invalid-batch`: the bytes handed to append are not one magic-2 batch → CORRUPT_MESSAGE.
 * - `offset-out-of-range`: a read outside [logStartOffset, logEndOffset] → OFFSET_OUT_OF_RANGE.
 * - `corrupt`: stored data failed validation where it cannot be cut off as a torn tail
 *   (a closed segment): the replica must be repaired from a peer, never served.
 * - `non-contiguous`: a replicated batch does not start at the log end offset, or a set of
 *   them skips or repeats offsets; that batch (and the rest of its set) is not written →
 *   the follower re-establishes where its log diverges and fetches again from its log end.
 * - `stale-epoch`: the batch's leader epoch is below an epoch the log already holds
 *   batches of (epochs never go backwards in a log) → FENCED_LEADER_EPOCH for a leader,
 *   truncation by epoch for a follower.
 * - `closed`: the log was closed or deleted.
 * - `config`: the configuration is invalid.
 */
export type LogErrorCode = "storage" | "invalid-batch" | "offset-out-of-range" | "corrupt" | "non-contiguous" | "stale-epoch" | "closed" | "config";

const RETRIABLE: Record<LogErrorCode, boolean> = {
  storage: true,
  "invalid-batch": false,
  "offset-out-of-range": false,
  corrupt: false,
  "non-contiguous": false,
  "stale-epoch": false,
  closed: true,
  config: false,
};

export class LogError extends Error {
  readonly retriable: boolean;
  /** The errno code of the underlying file-system error, for `storage` errors. */
  readonly errno: string | undefined;

  constructor(
    readonly code: LogErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LogError";
    this.retriable = RETRIABLE[code];
    this.errno = errnoCode(options?.cause);
  }
}

export function storageError(action: string, cause: unknown): LogError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new LogError("storage", `${action}: ${reason}`, { cause });
}
