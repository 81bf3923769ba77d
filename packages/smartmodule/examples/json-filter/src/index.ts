import { filter, param } from "@freshet/smartmodule/guest";

/** Keeps JSON records whose `field` equals `value` (compared as text, so 42 matches "42"). */
export const { describe, init, process } = filter({
  name: "json-filter",
  description: "keep JSON records whose field equals a value",
  params: {
    field: param.string("the JSON field to compare; dots reach into nested objects (user.country)"),
    value: param.string("the value to keep"),
  },
  apply(record, params) {
    let node: unknown = record.json();
    for (const part of params.field.split(".")) {
      if (typeof node !== "object" || node === null) return false;
      node = (node as Record<string, unknown>)[part];
    }
    return node !== undefined && node !== null && String(node) === params.value;
  },
});
