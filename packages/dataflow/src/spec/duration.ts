import { z } from "zod";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "500ms", "5s", "10m", "1h", "1d" (or a plain number of milliseconds) → milliseconds. */
export const durationSchema = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration such as "500ms", "5s", "10m", "1h" or "1d"')
    .transform((text) => {
      const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(text)!;
      return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    }),
]);
