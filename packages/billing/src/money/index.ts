export { Decimal, ZERO, sum } from "./decimal.js";
export { type MinorUnits, roundToMinor } from "./minor-units.js";
export { type Result, ok, err } from "./result.js";
