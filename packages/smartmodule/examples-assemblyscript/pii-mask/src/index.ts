import { JsonValue, map, Output, param, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/** Replaces the listed fields of JSON records with a mask; fields a record lacks are left alone. */
map(
  "pii-mask",
  "mask personal fields of JSON records",
  [param.list("fields", "comma-separated JSON fields to mask; dots reach into nested objects (user.email)"), param.string("mask", "what a masked field's value becomes", "***")],
  (record: SmartRecord, params: Params): Output => {
    const value = record.json();
    if (value === null) return Output.same();
    if (!value.isObject) {
      record.fail("value is not a JSON object");
      return Output.same();
    }
    const fields = params.list("fields");
    for (let i = 0; i < fields.length; i++) {
      const path = fields[i].split(".");
      const last = path.pop();
      let node: JsonValue | null = value;
      for (let j = 0; j < path.length && node !== null; j++) node = node.get(path[j]);
      if (node !== null && node.has(last)) node.set(last, JsonValue.fromString(params.string("mask")));
    }
    return Output.text(value.stringify());
  },
);
