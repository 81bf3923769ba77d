import { filter, param } from "@freshet/smartmodule/guest";

// Compiled once per pattern, not once per record; an invalid pattern throws, so
// every record reports it as its error.
let compiled: { source: string; flags: string; regex: RegExp } | undefined;

function regexFor(source: string, flags: string): RegExp {
  if (compiled?.source !== source || compiled.flags !== flags) compiled = { source, flags, regex: new RegExp(source, flags) };
  return compiled.regex;
}

/** Keeps records whose value (as UTF-8 text) matches a regular expression, or those that do not. */
export const { describe, init, process } = filter({
  name: "regex-filter",
  description: "keep records whose value matches a regular expression",
  params: {
    pattern: param.string("a JavaScript regular expression"),
    flags: param.string("regular expression flags, such as i", ""),
    invert: param.boolean("keep the records that do not match", "false"),
  },
  apply(record, params) {
    const regex = regexFor(params.pattern, params.flags);
    // With the g or y flag test() starts where the last match ended; every record starts at 0.
    regex.lastIndex = 0;
    return regex.test(record.valueText()) !== params.invert;
  },
});
