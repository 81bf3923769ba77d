import { arrayMap, Output, param, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/** Splits each record's value into one record per word. */
arrayMap("__NAME__", "one record per word of the value", [param.string("separator", "what words are separated by", " ")], (record: SmartRecord, params: Params): Output[] => {
  const outputs = new Array<Output>();
  const words = record.valueText().split(params.string("separator"));
  for (let i = 0; i < words.length; i++) if (words[i] != "") outputs.push(Output.text(words[i]));
  return outputs;
});
