import type { RecordHeader } from "@freshet/protocol/records/record";
import type { RecordsError } from "@freshet/protocol/records/records-error";
import { assertNever } from "../assert-never.js";

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Milliseconds since the epoch (CreateTime, or the broker's time for LogAppendTime topics). */
  readonly timestamp: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly RecordHeader[];
}

/** Where reading starts in each partition. */
export type StartPosition =
  | { readonly kind: "beginning" }
  | { readonly kind: "end" }
  /** An absolute offset, clamped into the partition's [log start, end]. */
  | { readonly kind: "offset"; readonly offset: number }
  /** The last `count` records of each partition. */
  | { readonly kind: "fromEnd"; readonly count: number };

/** A fetched batch that cannot be read: corrupt, failed CRC, unknown codec. */
export class RecordDecodeError extends Error {
  readonly retriable = false;
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly detail: RecordsError,
  ) {
    super(`cannot read a record batch of ${topic}/${partition}: ${detail.message}`, { cause: detail.cause });
    this.name = "RecordDecodeError";
  }
}

export function resolveStartOffset(position: StartPosition, earliest: number, latest: number): number {
  switch (position.kind) {
    case "beginning":
      return earliest;
    case "end":
      return latest;
    case "offset":
      return Math.min(Math.max(position.offset, earliest), latest);
    case "fromEnd":
      return Math.max(earliest, latest - position.count);
    default:
      return assertNever(position);
  }
}
