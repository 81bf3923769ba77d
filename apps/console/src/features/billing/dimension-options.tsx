import { DIMENSION_LABELS } from "./dimension-labels";

/** The metered dimensions as the options of a select, by their page names. */
export function DimensionOptions() {
  return Object.entries(DIMENSION_LABELS).map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}
