import { map, Output, param, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/** Upper-cases each record's value, with an optional prefix. */
map("__NAME__", "upper-case record values", [param.string("prefix", "text put before each value", "")], (record: SmartRecord, params: Params): Output =>
  Output.text(params.string("prefix") + record.valueText().toUpperCase()),
);
