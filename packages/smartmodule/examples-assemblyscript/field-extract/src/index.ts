import { filterMap, Output, param, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/** Replaces each JSON record by the JSON of one of its fields; records without the field are dropped. */
filterMap(
  "field-extract",
  "emit one field of JSON records, dropping records without it",
  [param.string("field", "the JSON field to emit; dots reach into nested objects (order.total)")],
  (record: SmartRecord, params: Params): Output | null => {
    const json = record.json();
    if (json === null) return null;
    const node = json.path(params.string("field"));
    return node === null ? null : Output.text(node.stringify());
  },
);
