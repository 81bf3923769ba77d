import { filter, param, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/** Keeps JSON records whose `field` equals `value` (compared as text, so 42 matches "42"). */
filter(
  "json-filter",
  "keep JSON records whose field equals a value",
  [param.string("field", "the JSON field to compare; dots reach into nested objects (user.country)"), param.string("value", "the value to keep")],
  (record: SmartRecord, params: Params): bool => {
    const json = record.json();
    if (json === null) return false;
    const node = json.path(params.string("field"));
    return node !== null && !node.isNull && node.text() == params.string("value");
  },
);
