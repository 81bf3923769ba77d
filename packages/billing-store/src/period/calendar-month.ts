import type { Instant, Interval } from "@freshet/billing/usage";

/** Billing periods are UTC calendar months. */
export function monthContaining(at: Instant): Interval {
  const day = new Date(at);
  return { start: Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1), end: Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1) };
}

export function monthBefore(period: Interval): Interval {
  return monthContaining(period.start - 1);
}

/** "2026-03" → March 2026; null when the text is not a month. */
export function parseMonth(text: string): Interval | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (match === null) return null;
  return monthContaining(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

export function formatMonth(period: Interval): string {
  return new Date(period.start).toISOString().slice(0, 7);
}
