import { arrayMap, param } from "@freshet/smartmodule/guest";

/** Splits each record's value into one record per word. */
export const { describe, init, process } = arrayMap({
  name: "__NAME__",
  description: "one record per word of the value",
  params: {
    separator: param.string("what words are separated by", " "),
  },
  apply(record, params) {
    return record
      .valueText()
      .split(params.separator)
      .filter((word) => word !== "");
  },
});
