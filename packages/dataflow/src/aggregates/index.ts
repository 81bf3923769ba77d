export { AggregateFields } from "./aggregate-fields.js";
export type { FieldSpec } from "./aggregate-fields.js";
