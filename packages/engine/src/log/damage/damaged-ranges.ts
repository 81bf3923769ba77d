import type { Clock } from "../../system/clock.js";
import type { Logger } from "../../system/logger.js";
import { LogError } from "../errors.js";

/** A still-requested damaged range is reported again at most this often, with a count. */
export const DAMAGE_REPORT_INTERVAL_MS = 60_000;

/** Offsets [from, to) of a log that cannot be served, and why. */
export interface DamagedRange {
  readonly from: number;
  /** Exclusive: where readable data resumes. */
  readonly to: number;
  /** The segment file the damage is in, or the directory when a segment file is missing. */
  readonly file: string;
  /** Byte position of the damage in `file`; -1 when a whole segment is missing. */
  readonly position: number;
  /** Bytes of `file` the damage spans, as found; 0 when a whole segment file is missing (its size is unknown). */
  readonly bytes: number;
  readonly reason: string;
}

export interface DamagedRangeStats extends DamagedRange {
  /** Reads refused because they asked for this range, since the log opened. */
  readonly refusedReads: number;
}

/** A read asked for offsets in a damaged range: answered as CORRUPT_MESSAGE, never as bytes. */
export class DamagedRangeError extends LogError {
  constructor(readonly range: DamagedRange) {
    super("corrupt", `offsets [${range.from}, ${range.to}) of ${range.file} are damaged: ${range.reason}`);
  }
}

interface Tracked {
  range: DamagedRange;
  refusedReads: number;
  unreported: number;
  reportedAt: number;
}

/**
 * The damaged ranges of one partition log, found when it opens (a closed segment that
 * fails its checks, a segment file missing between two others) or when a read meets a
 * batch that fails its CRC. Damage is fenced, not repaired: the bytes stay on disk as
 * they are, reads of those offsets are refused, reads elsewhere go on.
 *
 * Logging is aggregated so a consumer retrying at a damaged offset cannot flood the
 * log: one ERROR when a range is found, then at most one WARN per range every
 * DAMAGE_REPORT_INTERVAL_MS with the number of reads refused meanwhile.
 */
export class DamagedRanges {
  readonly #ranges: Tracked[] = [];

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** The range holding `offset`, or undefined. */
  find(offset: number): DamagedRange | undefined {
    return this.#ranges.find((tracked) => offset >= tracked.range.from && offset < tracked.range.to)?.range;
  }

  /** Records a range (once: a range starting where a known one starts is the same damage). */
  add(range: DamagedRange): DamagedRange {
    const known = this.#ranges.find((tracked) => tracked.range.from === range.from);
    if (known) return known.range;
    this.#ranges.push({ range, refusedReads: 0, unreported: 0, reportedAt: this.clock.now() });
    this.#ranges.sort((a, b) => a.range.from - b.range.from);
    this.logger.error({ dir: this.dir, ...range }, "damaged log range: reads of these offsets answer CORRUPT_MESSAGE until it is repaired");
    return range;
  }

  /** Counts a read refused for `range` and returns the error to answer it with. */
  refuse(range: DamagedRange): DamagedRangeError {
    const tracked = this.#ranges.find((candidate) => candidate.range.from === range.from);
    if (tracked) {
      tracked.refusedReads += 1;
      tracked.unreported += 1;
      const now = this.clock.now();
      if (now - tracked.reportedAt >= DAMAGE_REPORT_INTERVAL_MS) {
        this.logger.warn({ dir: this.dir, from: range.from, to: range.to, refusedReads: tracked.unreported }, "damaged log range still requested");
        tracked.unreported = 0;
        tracked.reportedAt = now;
      }
    }
    return new DamagedRangeError(range);
  }

  /** Forgets damage at or after `end` (the log was truncated there) and clips a range crossing it. */
  truncateFromEnd(end: number): void {
    this.#retain((range) => (range.from >= end ? null : range.to > end ? { ...range, to: end } : range));
  }

  /** Forgets damage wholly below `start` (retention removed it). */
  truncateFromStart(start: number): void {
    this.#retain((range) => (range.to <= start ? null : range));
  }

  /** Every known range with its refused-read count, for metrics and admin views. */
  stats(): DamagedRangeStats[] {
    return this.#ranges.map((tracked) => ({ ...tracked.range, refusedReads: tracked.refusedReads }));
  }

  #retain(map: (range: DamagedRange) => DamagedRange | null): void {
    for (let index = this.#ranges.length - 1; index >= 0; index--) {
      const tracked = this.#ranges[index]!;
      const kept = map(tracked.range);
      if (kept === null) this.#ranges.splice(index, 1);
      else tracked.range = kept;
    }
  }
}
