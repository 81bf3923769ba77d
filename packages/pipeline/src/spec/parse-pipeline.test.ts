import { describe, expect, it } from "vitest";
import { SENSORS } from "../test-support/sensors-pipeline.js";
import { parsePipeline, renderPipeline } from "./parse-pipeline.js";

function problemsOf(text: string) {
  const parsed = parsePipeline(text);
  if (parsed.ok) throw new Error("expected problems");
  return parsed.problems;
}

describe("parsePipeline", () => {
  it("reads the document with durations in milliseconds and renders it back unchanged, comments and key order kept", () => {
    const parsed = parsePipeline(SENSORS);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
    expect(parsed.spec.operators["counts"]?.aggregate?.window).toEqual({ hopping: { size: 60_000, slide: 10_000 } });
    expect(parsed.spec.sources["readings"]?.connector?.errors.tolerance).toBe("none");
    expect(parsed.spec.layout?.["hot"]).toEqual({ x: 200, y: 0 });
    expect(renderPipeline(parsed.document)).toBe(SENSORS);
  });

  it("places a problem on its node and its line", () => {
    expect(problemsOf(SENSORS.replace("size: 1m, slide: 10s", "size: ten, slide: 10s"))).toEqual([
      { nodeId: "counts", path: ["operators", "counts", "aggregate", "window"], line: 22, column: 26, message: expect.stringMatching(/^operators\.counts\.aggregate\.window: /) as unknown },
    ]);
  });

  it("places a dangling reference at its from", () => {
    expect(problemsOf(SENSORS.replace("from: per-device", "from: per-devise"))).toEqual([
      { nodeId: "counts", path: ["operators", "counts", "from"], line: 21, column: 11, message: "operators.counts.from: no source or operator named per-devise" },
    ]);
  });

  it("places a bad layout entry on its node", () => {
    expect(problemsOf(SENSORS.replace("hot: { x: 200, y: 0 }", "hot: { x: 200 }"))[0]).toMatchObject({ nodeId: "hot", path: ["layout", "hot", "y"], line: 32 });
  });

  it("gives document-level problems no node", () => {
    const [problem] = problemsOf(SENSORS.replace("name: sensors", "name: Sensors"));
    expect(problem).toMatchObject({ path: ["name"], line: 4, message: expect.stringMatching(/^name: must be 1 to 30/) as unknown });
    expect(problem).not.toHaveProperty("nodeId");
  });

  it("names the line of a YAML syntax error and returns no document", () => {
    const parsed = parsePipeline("apiVersion: freshet.io/v1\nsources: [\n");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.document).toBeUndefined();
    expect(parsed.problems[0]?.message).toMatch(/^the YAML does not parse at line \d+: /);
  });
});
