import { describe, expect, it } from "vitest";
import type { Connector, Dataflow } from "@freshet/db/client";
import { pipelineGraph } from "@freshet/pipeline/graph";
import { parsePipeline } from "@freshet/pipeline/spec";
import { pressure, runView, type Observation } from "./run-view.js";

/** A source topic read straight by a sink connector: no dataflow, the lag is the connector's. */
const DOCUMENT = `apiVersion: freshet.io/v1
kind: Pipeline
name: copy
sources:
  orders: { topic: orders }
sinks:
  archive:
    from: orders
    connector: { type: test-sink, config: {} }
`;

const parsed = parsePipeline(DOCUMENT);
if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
const spec = parsed.spec;
const graph = pipelineGraph(spec);

function sink(at: number, metrics: Record<string, number>): Connector {
  const now = new Date(at);
  return {
    ...{ id: "con_1", orgId: "org_1", clusterId: "clu_1", name: "copy-archive", type: "test-sink", kind: "sink", config: "", desiredState: "running", generation: 0 },
    ...{ status: "Running", statusReason: null, metrics, observedAt: now, logTail: null, pipelineId: "pip_1", createdAt: now, updatedAt: now, deletedAt: null },
  };
}

const look = (row: Connector, stored: Observation | null) => runView({ spec, graph, connectors: new Map([[row.name, row]]), dataflow: null as Dataflow | null, stored });

describe("run view", () => {
  it("puts a sink connector's lag on its input edge and grades its growth", () => {
    const first = look(sink(1_000, { recordsIn: 10, recordsOut: 10, errors: 0, deadLettered: 0, lag: 5 }), null);
    expect(first.view.edges).toEqual({ "orders->archive": { lag: 5 } });
    expect(first.view.nodes.archive).toMatchObject({ recordsIn: 10, backpressure: "ok" });
    // It took 10 more while the lag grew by 2: 2 / 12 is over OK's 0.10.
    const second = look(sink(11_000, { recordsIn: 20, recordsOut: 20, errors: 0, deadLettered: 0, lag: 7 }), first.observation);
    expect(second.view.nodes.archive).toMatchObject({ recordsIn: 20, recordsInPerSec: 1, backpressure: "low" });
    expect(second.observation).toMatchObject({ previous: { at: 1_000 }, latest: { at: 11_000 } });
  });

  it("reads a restarted connector's counters going back to zero as no rate, not a negative one", () => {
    const first = look(sink(1_000, { recordsIn: 500, recordsOut: 500, errors: 0, deadLettered: 0 }), null);
    const restarted = look(sink(2_000, { recordsIn: 3, recordsOut: 3, errors: 0, deadLettered: 0 }), first.observation);
    expect(restarted.view.nodes.archive).toMatchObject({ recordsIn: 3, recordsInPerSec: 0, recordsOutPerSec: 0 });
  });

  it("grades lag growth with Flink's thresholds", () => {
    expect([pressure(null, 0, 0), pressure(5, undefined, 0), pressure(10, 10, 0), pressure(11, 10, 9), pressure(15, 10, 5), pressure(16, 10, 5)]).toEqual(["ok", "ok", "ok", "ok", "low", "high"]);
  });
});
