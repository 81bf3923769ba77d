import { Decimal as DecimalJs } from "decimal.js";

/**
 * The one decimal type of the package. A clone so our precision and rounding never depend on, or
 * change, what another module configured on the global constructor. 40 significant digits keeps
 * sub-cent unit prices times month-long quantities exact; rounding to money happens once per line.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);

export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((total, value) => total.plus(value), ZERO);
}
