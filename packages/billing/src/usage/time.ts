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
