import { filterMap, param } from "@freshet/smartmodule/guest";

/** Replaces each JSON record by the JSON of one of its fields; records without the field are dropped. */
export const { describe, init, process } = filterMap({
  name: "field-extract",
  description: "emit one field of JSON records, dropping records without it",
  params: {
    field: param.string("the JSON field to emit; dots reach into nested objects (order.total)"),
  },
  apply(record, params) {
    let node: unknown = record.json();
    for (const part of params.field.split(".")) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    return node === undefined ? null : JSON.stringify(node);
  },
});
