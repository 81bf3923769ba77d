import type { Clock } from "../system/clock.js";

export interface QuarantinePolicy {
  /** Deadline kills and traps in a row (no success between) that quarantine a module. */
  readonly failuresBeforeQuarantine: number;
  /** How long the first quarantine lasts; each following one (no success between) twice as long. */
  readonly firstPeriodMs: number;
  /** The longest a quarantine lasts. */
  readonly maxPeriodMs: number;
}

export const DEFAULT_QUARANTINE_POLICY: QuarantinePolicy = { failuresBeforeQuarantine: 5, firstPeriodMs: 30_000, maxPeriodMs: 15 * 60_000 };

interface FailureRecord {
  consecutiveFailures: number;
  /** Quarantines since the module last succeeded; sets the length of the next one. */
  quarantines: number;
  /** End of the current (or last) quarantine, epoch ms; 0 before the first. */
  until: number;
}

/**
 * Stops a broker from starting, again and again, a module that keeps getting killed at its
 * deadline or trapping: every such start costs a worker, a core for the whole deadline, and
 * tens of MB. After `failuresBeforeQuarantine` failures in a row no new stream may start the
 * module until its quarantine ends; a module that fails again right after (before any
 * success) goes back for twice as long, up to `maxPeriodMs`. One batch processed without
 * failing forgets its history. Keys are the caller's (a principal and the component's
 * digest: a fixed module loaded under the same name starts with a clean record).
 */
export class ModuleQuarantine {
  readonly #records = new Map<string, FailureRecord>();

  constructor(
    private readonly policy: QuarantinePolicy,
    private readonly clock: Clock,
  ) {}

  /** Why module `key` may not start now — one sentence naming it as `name` — or null when it may. */
  problem(key: string, name: string): string | null {
    const record = this.#records.get(key);
    if (record === undefined || record.until <= this.clock.now()) return null;
    return `SmartModule '${name}' is quarantined until ${new Date(record.until).toISOString()} after failing ${record.consecutiveFailures} times in a row (deadline kills or traps)`;
  }

  /**
   * Counts a deadline kill or trap of module `key`; returns the end of the quarantine it
   * started, or null. Failures of streams already running while it is quarantined do not
   * lengthen it: they are the same episode.
   */
  failed(key: string): number | null {
    const now = this.clock.now();
    const record = this.#records.get(key) ?? { consecutiveFailures: 0, quarantines: 0, until: 0 };
    this.#records.set(key, record);
    if (record.until > now) return null;
    record.consecutiveFailures += 1;
    if (record.consecutiveFailures < this.policy.failuresBeforeQuarantine) return null;
    const period = Math.min(this.policy.firstPeriodMs * 2 ** record.quarantines, this.policy.maxPeriodMs);
    record.quarantines += 1;
    record.until = now + period;
    return record.until;
  }

  /** A batch went through module `key`: its failures so far no longer count. */
  succeeded(key: string): void {
    this.#records.delete(key);
  }
}
