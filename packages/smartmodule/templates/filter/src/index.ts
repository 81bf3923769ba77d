import { filter, param } from "@freshet/smartmodule/guest";

/** Keeps records whose value contains a piece of text. */
export const { describe, init, process } = filter({
  name: "__NAME__",
  description: "keep records whose value contains a piece of text",
  params: {
    contains: param.string("the text to look for", "error"),
  },
  apply(record, params) {
    return record.valueText().includes(params.contains);
  },
});
