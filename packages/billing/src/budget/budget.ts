import { z } from "zod";
import type { MinorUnits } from "../money/minor-units.js";

export const ALERT_LEVELS = [50, 75, 90, 100] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** An organization's monthly budget, and optionally a hard cap on its spend. */
export const budgetSettingsSchema = z.object({
  budgetMinor: z.number().int().positive().nullable(),
  hardCapMinor: z.number().int().positive().nullable(),
});
export type BudgetSettings = z.infer<typeof budgetSettingsSchema>;

/** The levels the spend has reached that have not fired yet this period; each fires once. */
export function alertsToFire(spendMinor: MinorUnits, budgetMinor: MinorUnits | null, alreadyFired: readonly AlertLevel[]): AlertLevel[] {
  if (budgetMinor === null) return [];
  // Compared in integers (spend * 100 >= budget * level): a float percentage could round across a level.
  return ALERT_LEVELS.filter((level) => spendMinor * 100 >= budgetMinor * level && !alreadyFired.includes(level));
}

export type CapState = "capped" | "uncapped";

/** Capped once the period's spend (net of credits) reaches the hard cap. */
export function capState(spendMinor: MinorUnits, hardCapMinor: MinorUnits | null): CapState {
  return hardCapMinor !== null && spendMinor >= hardCapMinor ? "capped" : "uncapped";
}
