import { aggregate, JsonValue, param, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/**
 * Keeps a running count and sum of a numeric JSON field. Each record's output is
 * the totals after it; a record without a numeric field is an error and leaves the
 * totals unchanged.
 */
aggregate(
  "running-sum",
  "running count and sum of a numeric JSON field",
  [param.string("field", "the numeric JSON field to add up; dots reach into nested objects")],
  (_params: Params): JsonValue => {
    const totals = JsonValue.newObject();
    totals.set("count", JsonValue.fromNumber(0));
    totals.set("sum", JsonValue.fromNumber(0));
    return totals;
  },
  (totals: JsonValue, record: SmartRecord, params: Params): JsonValue => {
    const json = record.json();
    if (json === null) return totals;
    const node = json.path(params.string("field"));
    if (node === null || !node.isNumber) {
      record.fail(`field '${params.string("field")}' is not a number`);
      return totals;
    }
    const count = totals.get("count");
    const sum = totals.get("sum");
    const next = JsonValue.newObject();
    next.set("count", JsonValue.fromNumber((count === null ? 0 : count.number) + 1));
    next.set("sum", JsonValue.fromNumber((sum === null ? 0 : sum.number) + node.number));
    return next;
  },
);
