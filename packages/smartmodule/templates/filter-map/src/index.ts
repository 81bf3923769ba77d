import { filterMap } from "@freshet/smartmodule/guest";

/** Trims each record's value and drops the records left empty. */
export const { describe, init, process } = filterMap({
  name: "__NAME__",
  description: "trim values and drop empty records",
  apply(record) {
    const trimmed = record.valueText().trim();
    return trimmed === "" ? null : trimmed;
  },
});
