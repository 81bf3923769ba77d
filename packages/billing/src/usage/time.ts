import { z } from "zod";

/** Instants are epoch milliseconds (UTC); the caller passes the clock in. */
export type Instant = number;

export const HOUR_MS = 3_600_000;

export function isHourAligned(at: Instant): boolean {
  return at % HOUR_MS === 0;
}

/** An ISO-8601 timestamp with an offset, parsed to epoch milliseconds. */
export const instantSchema = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));

export const hourInstantSchema = instantSchema.refine(isHourAligned, { message: "must fall on a UTC hour boundary" });

/** Half-open interval [start, end). */
export interface Interval {
  readonly start: Instant;
  readonly end: Instant;
}

/** "2026-03-01" at midnight UTC, "2026-03-15 13:00" otherwise: how invoice lines name their stretch. */
export function formatInstant(at: Instant): string {
  const iso = new Date(at).toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** "2026-03-01 to 2026-04-01 (UTC)". */
export function formatInterval(interval: Interval): string {
  return `${formatInstant(interval.start)} to ${formatInstant(interval.end)} (UTC)`;
}
