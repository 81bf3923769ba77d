import type { PipelineGraph } from "@freshet/pipeline/graph";
import { describe, expect, it } from "vitest";
import { previewControls, previewDecorations, previewLimitsSchema, progressLine, type PreviewNode, type PreviewPoll } from "./preview-state";

const node = (overrides: Partial<PreviewNode> = {}): PreviewNode => ({ inCount: 0, outCount: 0, in: [], out: [], errors: [], ...overrides });
const poll = (overrides: Partial<PreviewPoll> = {}): PreviewPoll => ({ state: "running", reason: null, elapsedMs: 12_345, records: 456, nodes: {}, ...overrides });

describe("preview state", () => {
  it("offers start only when no preview runs, pause while running, resume while paused", () => {
    expect(previewControls(undefined)).toEqual({ start: true, pause: false, resume: false, stop: false });
    expect(previewControls("running")).toEqual({ start: false, pause: true, resume: false, stop: true });
    expect(previewControls("paused")).toEqual({ start: false, pause: false, resume: true, stop: true });
    for (const state of ["stopped", "done", "failed"] as const) expect(previewControls(state)).toEqual({ start: true, pause: false, resume: false, stop: false });
  });

  it("says how far a preview got against its bounds, and why it ended", () => {
    const limits = { maxRecords: 1000, maxSeconds: 120 };
    expect(progressLine(poll(), limits)).toBe("running · 12.3 s of 120 s · 456 of 1000 records");
    expect(progressLine(poll({ state: "done", reason: "reached 1000 records", records: 1000 }), limits)).toBe("done · 12.3 s of 120 s · 1000 of 1000 records · reached 1000 records");
  });

  it("reads the bounds typed into the form, refusing what is not a positive whole number", () => {
    expect(previewLimitsSchema.parse({ maxRecords: "50", maxSeconds: "30" })).toEqual({ maxRecords: 50, maxSeconds: 30 });
    const bad = previewLimitsSchema.safeParse({ maxRecords: "0", maxSeconds: "1.5" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual(["Max records must be at least 1.", "Max seconds must be a whole number."]);
  });

  it("shows each node's counts and marks one with errors", () => {
    const graph: PipelineGraph = {
      nodes: ["a", "b", "c"].map((id) => ({ id, section: "operators" as const, family: "operator" as const, kind: "map", summary: "" })),
      edges: [],
    };
    const decorations = previewDecorations(graph, poll({ nodes: { a: node({ inCount: 10, outCount: 7 }), b: node({ inCount: 7, errors: ["boom", "bang"] }) } }));
    expect(decorations).toEqual({
      a: { tone: "neutral", lines: ["in 10 · out 7"] },
      b: { tone: "error", lines: ["in 7 · out 0", "errors 2"] },
      c: { tone: "neutral", lines: ["in 0 · out 0"] },
    });
    expect(previewDecorations(graph, undefined).a).toEqual({ tone: "neutral", lines: [] });
  });
});
