import { Decimal } from "./decimal.js";

/** Money is an integer count of the currency's minor unit (cents for USD). */
export type MinorUnits = number;

/** Rounds an exact amount in minor units to a whole minor unit, half up (away from zero on .5). */
export function roundToMinor(amount: Decimal): MinorUnits {
  return amount.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}
