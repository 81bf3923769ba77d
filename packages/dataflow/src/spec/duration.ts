import { z } from "zod";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const EXPECTED = 'must be a duration such as "500ms", "5s", "10m", "1h" or "1d"';

/** "500ms", "5s", "10m", "1h", "1d" (or a plain number of milliseconds) → milliseconds. One message for anything else. */
export const durationSchema = z.unknown().transform((value, ctx): number => {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  const match = typeof value === "string" ? DURATION.exec(value) : null;
  if (match === null) {
    ctx.addIssue({ code: "custom", message: EXPECTED });
    return z.NEVER;
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
});
