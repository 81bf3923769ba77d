import { arrayMap, param } from "@freshet/smartmodule/guest";

/** Turns a record holding a JSON array into one record per element, each element's JSON as the value. */
export const { describe, init, process } = arrayMap({
  name: "array-explode",
  description: "one record per element of a JSON array",
  params: {
    field: param.string("the JSON field holding the array (dots reach into nested objects); empty: the value is the array", ""),
  },
  apply(record, params) {
    let node: unknown = record.json();
    if (params.field !== "") {
      for (const part of params.field.split(".")) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
    if (!Array.isArray(node)) throw new Error(params.field === "" ? "value is not a JSON array" : `field '${params.field}' is not a JSON array`);
    return node.map((element) => JSON.stringify(element));
  },
});
