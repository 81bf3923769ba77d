import { describe, expect, it } from "vitest";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { compileRecordFormat, KEY_VALUE_FORMAT } from "./record-format.js";
import { formatTable } from "./table.js";

const record: ConsumedRecord = {
  topic: "t",
  partition: 2,
  offset: 41,
  timestamp: Date.UTC(2024, 0, 2, 3, 4, 5),
  key: new TextEncoder().encode("k"),
  value: new TextEncoder().encode("v=1"),
  headers: [],
};

describe("record format", () => {
  it("fills every placeholder", () => {
    const format = compileRecordFormat("{{topic}}/{{partition}}@{{offset}} {{time}} {{timestamp}} {{key}}:{{ value }}");
    expect(format.ok && format.value(record)).toBe("t/2@41 2024-01-02T03:04:05.000Z 1704164645000 k:v=1");
  });

  it("prints null keys and values as null", () => {
    const format = compileRecordFormat(KEY_VALUE_FORMAT);
    expect(format.ok && format.value({ ...record, key: null, value: null })).toBe("null=null");
  });

  it("keeps literal text that looks like a field name", () => {
    const format = compileRecordFormat("value {{value}} key");
    expect(format.ok && format.value(record)).toBe("value v=1 key");
  });

  it("refuses unknown placeholders", () => {
    expect(compileRecordFormat("{{nope}}")).toMatchObject({ ok: false });
  });
});

describe("formatTable", () => {
  it("pads columns to the widest cell", () => {
    expect(
      formatTable(
        ["NAME", "PARTITIONS"],
        [
          ["events", "3"],
          ["a", "12"],
        ],
      ),
    ).toBe("NAME    PARTITIONS\nevents  3\na       12");
  });
});
