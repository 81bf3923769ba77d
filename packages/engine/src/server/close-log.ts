import type { Cancel, Clock } from "../system/clock.js";
import type { Logger } from "../system/logger.js";

/** Lines logged one by one in each interval, in all and per kind of reason, before closes are only counted. */
export const CLOSES_LOGGED_PER_INTERVAL = 20;
export const CLOSES_LOGGED_PER_REASON = 3;
/** Distinct reasons counted per interval; beyond it they count as "other" (reasons may quote client input). */
const MAX_REASON_KINDS = 50;
/** How often the counted closes are summarized. */
export const CLOSE_SUMMARY_INTERVAL_MS = 10_000;

export interface ClosedConnection {
  readonly connection: number;
  readonly remote: string;
  readonly reason: string;
}

/** A reason with its numbers blanked, so "frame of 12 bytes" and "frame of 13 bytes" count together. */
function reasonKind(reason: string): string {
  return reason.replace(/\d+/g, "N");
}

/**
 * Logs connections the broker closes without letting a hostile client flood the
 * log: the first few of each interval (and of each kind of reason) get their own
 * WARN line, the rest are counted by reason and reported in one summary line when
 * the interval ends.
 */
export class CloseLog {
  #loggedThisInterval = 0;
  #loggedByKind = new Map<string, number>();
  #suppressed = new Map<string, number>();
  #stopTimer: Cancel | null = null;

  constructor(
    private readonly logger: Pick<Logger, "warn">,
    private readonly clock: Clock,
    private readonly perInterval = CLOSES_LOGGED_PER_INTERVAL,
    private readonly intervalMs = CLOSE_SUMMARY_INTERVAL_MS,
    private readonly perReason = CLOSES_LOGGED_PER_REASON,
  ) {}

  closed(details: ClosedConnection): void {
    this.#startInterval();
    let kind = reasonKind(details.reason);
    const loggedOfKind = this.#loggedByKind.get(kind) ?? 0;
    if (this.#loggedThisInterval < this.perInterval && loggedOfKind < this.perReason) {
      this.#loggedThisInterval++;
      this.#loggedByKind.set(kind, loggedOfKind + 1);
      this.logger.warn(details, "closing connection");
      return;
    }
    if (!this.#suppressed.has(kind) && this.#suppressed.size >= MAX_REASON_KINDS) kind = "other";
    this.#suppressed.set(kind, (this.#suppressed.get(kind) ?? 0) + 1);
  }

  #startInterval(): void {
    if (this.#stopTimer !== null) return;
    this.#stopTimer = this.clock.schedule(this.intervalMs, () => this.#endInterval());
  }

  #endInterval(): void {
    this.#stopTimer = null;
    this.#loggedThisInterval = 0;
    this.#loggedByKind = new Map();
    this.flush();
  }

  /** Writes the summary of what was counted so far (also at shutdown). */
  flush(): void {
    if (this.#suppressed.size === 0) return;
    const reasons = Object.fromEntries(this.#suppressed);
    const total = [...this.#suppressed.values()].reduce((a, b) => a + b, 0);
    this.#suppressed = new Map();
    this.logger.warn({ closed: total, reasons, intervalMs: this.intervalMs }, "more connections closed (not logged one by one)");
  }

  /** Stops the interval timer after a last summary; safe to call twice. */
  close(): void {
    this.#stopTimer?.();
    this.#stopTimer = null;
    this.flush();
  }
}
