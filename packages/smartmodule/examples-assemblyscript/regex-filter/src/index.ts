import { filter, param, Params, Regex, regexError, SmartRecord } from "@freshet/smartmodule/assemblyscript";

// Compiled once per pattern, not once per record; an invalid pattern is reported
// as every record's error.
let source: string | null = null;
let flags: string = "";
let compiled: Regex | null = null;
let invalid: string = "";

/** Keeps records whose value (as UTF-8 text) matches a regular expression, or those that do not. */
filter(
  "regex-filter",
  "keep records whose value matches a regular expression",
  [
    param.string("pattern", "a JavaScript regular expression"),
    param.string("flags", "regular expression flags, such as i", ""),
    param.boolean("invert", "keep the records that do not match", "false"),
  ],
  (record: SmartRecord, params: Params): bool => {
    if (source != params.string("pattern") || flags != params.string("flags")) {
      source = params.string("pattern");
      flags = params.string("flags");
      compiled = Regex.compile(params.string("pattern"), flags);
      invalid = regexError;
    }
    const regex = compiled;
    if (regex === null) {
      record.fail(invalid, "SyntaxError");
      return false;
    }
    return regex.test(record.valueText()) != params.boolean("invert");
  },
);
