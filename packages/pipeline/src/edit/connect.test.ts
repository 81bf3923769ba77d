import { describe, expect, it } from "vitest";
import { pipelineGraph } from "../graph/pipeline-graph.js";
import { SENSORS, specOf } from "../test-support/sensors-pipeline.js";
import { connect, disconnect } from "./connect.js";

const JOINS = `apiVersion: freshet.io/v1
kind: Pipeline
name: joins
sources:
  orders: { topic: orders }
  payments: { topic: payments }
  customers: { topic: customers }
operators:
  paid:
    from: orders
    # the payment must follow the order
    intervalJoin: { right: orders, within: { after: 5m } }
  named:
    from: paid
    lookup: { table: orders, as: customer }
sinks:
  out: { from: named, topic: enriched }
`;

const edges = (text: string) => pipelineGraph(specOf(text)).edges.map((e) => e.id);

describe("connect", () => {
  it("unions an operator's inputs and replaces a sink's", () => {
    const text = connect(SENSORS, "readings", "per-device");
    expect(text).toContain("  per-device:\n    from: [ hot, readings ]\n");
    expect(edges(text)).toEqual(expect.arrayContaining(["hot->per-device", "readings->per-device"]));
    expect(edges(connect(SENSORS, "hot", "counts-view"))).toEqual(expect.arrayContaining(["hot->counts-view"]));
    expect(edges(connect(SENSORS, "hot", "counts-view"))).not.toContain("counts->counts-view");
    expect(connect(SENSORS, "hot", "per-device")).toBe(SENSORS);
  });

  it("sets an interval join's right side and a lookup's table, keeping comments", () => {
    const text = connect(connect(JOINS, "payments", "paid", "right"), "customers", "named", "table");
    expect(edges(text)).toEqual(expect.arrayContaining(["payments->paid:right", "customers->named:table"]));
    expect(text).toContain("# the payment must follow the order");
  });

  it("refuses edges the model cannot hold, with one sentence", () => {
    expect(() => connect(SENSORS, "counts-view", "hot")).toThrow("counts-view is a sink: a sink has no output to connect");
    expect(() => connect(SENSORS, "hot", "readings")).toThrow("readings is a source: a source reads a topic and has no input");
    expect(() => connect(SENSORS, "readings", "hot", "right")).toThrow("hot is not an interval join: it has no right input");
    expect(() => connect(JOINS, "paid", "named", "table")).toThrow("paid is not a source: a lookup's table must be a source");
    expect(() => connect(SENSORS, "nowhere", "hot")).toThrow("there is no node named nowhere");
  });
});

describe("disconnect", () => {
  it("removes the edge from a from list, or the field when it named only that node", () => {
    expect(disconnect(connect(SENSORS, "readings", "per-device"), "hot", "per-device")).toContain("  per-device:\n    from: [ readings ]\n");
    expect(disconnect(SENSORS, "hot", "per-device")).toContain("  per-device:\n    keyBy: device\n");
    expect(disconnect(JOINS, "orders", "paid", "right")).toContain("intervalJoin: { within: { after: 5m } }");
  });

  it("refuses an edge that is not there", () => {
    expect(() => disconnect(SENSORS, "readings", "counts")).toThrow("there is no edge from readings to counts");
    expect(() => disconnect(JOINS, "payments", "paid", "right")).toThrow("there is no right edge from payments to paid");
  });
});
