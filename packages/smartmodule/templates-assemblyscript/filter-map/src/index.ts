import { filterMap, Output, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/** Trims each record's value and drops the records left empty. */
filterMap("__NAME__", "trim values and drop empty records", [], (record: SmartRecord, _params: Params): Output | null => {
  const trimmed = record.valueText().trim();
  return trimmed == "" ? null : Output.text(trimmed);
});
