import { describe, expect, it } from "vitest";
import { SENSORS, specOf } from "../test-support/sensors-pipeline.js";
import { pipelineGraph } from "./pipeline-graph.js";

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
    intervalJoin: { right: payments, within: { after: 5m } }
  named:
    from: [paid, orders]
    lookup: { table: customers, as: customer }
  deduped:
    from: named
    dedup: { within: 1h }
sinks:
  out: { from: deduped, topic: enriched }
  raw: { from: payments, connector: { type: s3-sink } }
`;

describe("pipelineGraph", () => {
  it("draws each node with its family, kind, one-line summary and layout position", () => {
    expect(pipelineGraph(specOf(SENSORS)).nodes).toEqual([
      { id: "readings", section: "sources", family: "connector", kind: "mqtt-source", summary: "→ sensor-readings", position: { x: 0, y: 0 } },
      { id: "hot", section: "operators", family: "smartmodule", kind: "filter", summary: "smartmodule hot-filter", position: { x: 200, y: 0 } },
      { id: "per-device", section: "operators", family: "operator", kind: "keyBy", summary: "by device" },
      { id: "counts", section: "operators", family: "operator", kind: "aggregate", summary: "hopping 1m / 10s · count n" },
      { id: "counts-view", section: "sinks", family: "view", kind: "view", summary: "view · 1000 windows" },
      { id: "to-postgres", section: "sinks", family: "connector", kind: "postgres-sink", summary: "← sensors.to-postgres" },
    ]);
  });

  it("draws edges from from lists, interval joins (port right) and lookups (port table)", () => {
    const graph = pipelineGraph(specOf(JOINS));
    expect(graph.edges.map((e) => e.id)).toEqual(["orders->paid", "payments->paid:right", "paid->named", "orders->named", "customers->named:table", "named->deduped", "deduped->out", "payments->raw"]);
    expect(graph.edges[1]).toEqual({ id: "payments->paid:right", source: "payments", target: "paid", port: "right" });
    expect(graph.nodes.find((n) => n.id === "paid")?.summary).toBe("join payments within -0ms / +5m");
    expect(graph.nodes.find((n) => n.id === "raw")?.summary).toBe("← payments");
    expect(graph.nodes.find((n) => n.id === "out")).toMatchObject({ family: "topic", kind: "topic", summary: "enriched" });
  });
});
