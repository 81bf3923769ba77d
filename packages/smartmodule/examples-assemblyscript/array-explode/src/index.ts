import { arrayMap, Output, param, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/** Turns a record holding a JSON array into one record per element, each element's JSON as the value. */
arrayMap(
  "array-explode",
  "one record per element of a JSON array",
  [param.string("field", "the JSON field holding the array (dots reach into nested objects); empty: the value is the array", "")],
  (record: SmartRecord, params: Params): Output[] => {
    const outputs = new Array<Output>();
    const json = record.json();
    if (json === null) return outputs;
    const field = params.string("field");
    const node = field == "" ? json : json.path(field);
    if (node === null || !node.isArray) {
      record.fail(field == "" ? "value is not a JSON array" : `field '${field}' is not a JSON array`);
      return outputs;
    }
    for (let i = 0; i < node.items.length; i++) outputs.push(Output.text(node.items[i].stringify()));
    return outputs;
  },
);
