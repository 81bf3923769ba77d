import type { PipelineGraph } from "@freshet/pipeline/graph";
import { describe, expect, it } from "vitest";
import { busiestNodes, runSummary, formatCount, formatRate, lagLabels, runDecorations, runNodeDecoration, type RunNodeMetrics, type RunViewData } from "./run-metrics";

function metrics(overrides: Partial<RunNodeMetrics> = {}): RunNodeMetrics {
  return { recordsInPerSec: 0, recordsOutPerSec: 0, recordsIn: 0, recordsOut: 0, errors: 0, deadLetters: 0, backpressure: "ok", recentErrors: [], ...overrides };
}

const AT = "2026-12-07T21:40:05.000Z";

describe("run metrics", () => {
  it("formats rates: a trickle keeps a decimal, large rates are compact", () => {
    expect([0, 0.04, 3.25, 9.96, 10, 950.4, 1_234, 2_500_000].map(formatRate)).toEqual(["0/s", "0.0/s", "3.3/s", "10/s", "10/s", "950/s", "1.2K/s", "2.5M/s"]);
    expect(formatCount(12_345)).toBe("12.3K");
  });

  it("colours a node by its backpressure and shows failures only when there are some", () => {
    expect(runNodeDecoration(metrics({ recordsInPerSec: 120, recordsOutPerSec: 4.5 }))).toEqual({ tone: "ok", lines: ["in 120/s · out 4.5/s"] });
    expect(runNodeDecoration(metrics({ backpressure: "high", errors: 3, deadLetters: 1_500 }))).toEqual({
      tone: "high",
      lines: ["in 0/s · out 0/s", "errors 3 · dead letters 1.5K"],
    });
    expect(runNodeDecoration(metrics({ backpressure: "low" })).tone).toBe("low");
    expect(runNodeDecoration(undefined)).toEqual({ tone: "neutral", lines: ["no metrics yet"] });
  });

  it("decorates every node of the graph, reported or not", () => {
    const graph: PipelineGraph = {
      nodes: [
        { id: "a", section: "sources", family: "topic", kind: "topic", summary: "" },
        { id: "b", section: "sinks", family: "view", kind: "view", summary: "" },
      ],
      edges: [],
    };
    const view: RunViewData = { observedAt: AT, nodes: { a: metrics({ backpressure: "low" }) }, edges: {} };
    const decorations = runDecorations(graph, view);
    expect(Object.keys(decorations)).toEqual(["a", "b"]);
    expect(decorations.a!.tone).toBe("low");
    expect(decorations.b!.tone).toBe("neutral");
    expect(runDecorations(graph, undefined).a!.lines).toEqual(["no metrics yet"]);
  });

  it("labels edges with lag, leaving out those without a consumer", () => {
    const view: RunViewData = { observedAt: AT, nodes: {}, edges: { "a->b": { lag: 0 }, "b->c": { lag: 45_000 }, "c->d": { lag: null } } };
    expect(lagLabels(view)).toEqual({ "a->b": "lag 0", "b->c": "lag 45K" });
    expect(lagLabels(undefined)).toEqual({});
  });

  it("ranks pressured nodes: high first, then by errors, then by name", () => {
    const view: RunViewData = {
      observedAt: AT,
      nodes: {
        ok: metrics(),
        low: metrics({ backpressure: "low", errors: 9 }),
        hb: metrics({ backpressure: "high" }),
        ha: metrics({ backpressure: "high" }),
        hc: metrics({ backpressure: "high", errors: 1 }),
      },
      edges: {},
    };
    expect(busiestNodes(view)).toEqual(["hc", "ha", "hb", "low"]);
  });

  it("summarizes freshness and where the pipeline is held back", () => {
    expect(runSummary(undefined)).toBe("Waiting for the running pipeline's numbers…");
    expect(runSummary({ observedAt: null, nodes: {}, edges: {} })).toBe("The worker has not observed this pipeline's processes yet.");
    expect(runSummary({ observedAt: AT, nodes: { a: metrics() }, edges: {} })).toBe("As of 21:40:05 UTC · no backpressure");
    expect(runSummary({ observedAt: AT, nodes: { a: metrics({ backpressure: "low" }), b: metrics({ backpressure: "high" }) }, edges: {} })).toBe("As of 21:40:05 UTC · backpressure at b, a");
  });
});
