import { filter, param, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/** Keeps records whose value contains a piece of text. */
filter("__NAME__", "keep records whose value contains a piece of text", [param.string("contains", "the text to look for", "error")], (record: SmartRecord, params: Params): bool =>
  record.valueText().includes(params.string("contains")),
);
