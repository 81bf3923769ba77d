export { DIMENSIONS, DIMENSION_NAMES, DIMENSION_UNITS, dimensionSchema, type Dimension } from "./dimension.js";
export { usageRowSchema, type UsageRow } from "./usage-row.js";
export { HOUR_MS, type Instant, type Interval, instantSchema, hourInstantSchema, isHourAligned, formatInstant, formatInterval } from "./time.js";
