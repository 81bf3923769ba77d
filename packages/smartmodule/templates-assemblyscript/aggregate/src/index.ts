import { aggregate, JsonValue, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

/** Counts records and value bytes; each output is the totals so far. */
aggregate(
  "__NAME__",
  "running count of records and value bytes",
  [],
  (_params: Params): JsonValue => {
    const totals = JsonValue.newObject();
    totals.set("records", JsonValue.fromNumber(0));
    totals.set("bytes", JsonValue.fromNumber(0));
    return totals;
  },
  (totals: JsonValue, record: SmartRecord, _params: Params): JsonValue => {
    const next = JsonValue.newObject();
    next.set("records", JsonValue.fromNumber(totals.get("records")!.number + 1));
    next.set("bytes", JsonValue.fromNumber(totals.get("bytes")!.number + record.valueByteLength));
    return next;
  },
);
