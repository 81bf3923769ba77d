import { map, param } from "@freshet/smartmodule/guest";

/** Upper-cases each record's value, with an optional prefix. */
export const { describe, init, process } = map({
  name: "__NAME__",
  description: "upper-case record values",
  params: {
    prefix: param.string("text put before each value", ""),
  },
  apply(record, params) {
    return params.prefix + record.valueText().toUpperCase();
  },
});
