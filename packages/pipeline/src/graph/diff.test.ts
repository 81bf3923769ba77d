import { describe, expect, it } from "vitest";
import { SENSORS, specOf } from "../test-support/sensors-pipeline.js";
import { applyPipelineDiff } from "./apply-diff.js";
import { diffPipelines, isEmptyDiff } from "./diff.js";

const sensors = specOf(SENSORS);
const withoutLayout = <T extends { layout?: unknown }>(spec: T) => ({ ...spec, layout: undefined });

describe("diffPipelines", () => {
  it("is empty for a layout-only change", () => {
    const diff = diffPipelines(sensors, specOf(SENSORS.replace("hot: { x: 200, y: 0 }", "hot: { x: 300, y: 80 }\n  counts: { x: 1, y: 2 }")));
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it("reports a changed field at its deepest path", () => {
    const diff = diffPipelines(sensors, specOf(SENSORS.replace("slide: 10s", "slide: 20s")));
    expect(diff.nodesChanged).toEqual([{ id: "counts", changes: [{ path: ["aggregate", "window", "hopping", "slide"], before: 10_000, after: 20_000 }] }]);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it("lists added and removed nodes and edges, and document settings", () => {
    const after = specOf(
      SENSORS.replace("  per-device:\n    from: hot\n", "  per-device:\n    from: [hot, readings]\n")
        .replace("  counts-view: { from: counts, view: {} }\n", "  raw: { from: readings, topic: raw-copy }\n")
        .replace("kind: Pipeline\n", "kind: Pipeline\ncheckpoint: { interval: 5s }\n"),
    );
    const diff = diffPipelines(sensors, after);
    expect(diff.nodesAdded).toEqual([{ id: "raw", section: "sinks", family: "topic", kind: "topic", summary: "raw-copy", body: { from: "readings", topic: "raw-copy" } }]);
    expect(diff.nodesRemoved.map((n) => n.id)).toEqual(["counts-view"]);
    expect(diff.nodesChanged).toEqual([{ id: "per-device", changes: [{ path: ["from"], before: "hot", after: ["hot", "readings"] }] }]);
    expect(diff.edgesAdded.map((e) => e.id)).toEqual(["readings->per-device", "readings->raw"]);
    expect(diff.edgesRemoved.map((e) => e.id)).toEqual(["counts->counts-view"]);
    expect(diff.settingsChanged).toEqual([{ path: ["checkpoint", "interval"], before: 1_000, after: 5_000 }]);
  });

  it("treats a node that changed section as removed and added", () => {
    const after = specOf(
      SENSORS.replace("  counts-view: { from: counts, view: {} }\n", "")
        .replace("operators:\n", "operators:\n  counts-view: { from: counts, keyBy: device }\n")
        .replace("  to-postgres:", "  v: { from: counts-view, view: {} }\n  to-postgres:"),
    );
    const diff = diffPipelines(sensors, after);
    expect(diff.nodesRemoved.map((n) => `${n.section}/${n.id}`)).toEqual(["sinks/counts-view"]);
    expect(diff.nodesAdded.map((n) => `${n.section}/${n.id}`)).toEqual(["operators/counts-view", "sinks/v"]);
    expect(withoutLayout(applyPipelineDiff(sensors, diff))).toEqual(withoutLayout(after));
  });
});

describe("applyPipelineDiff", () => {
  it("turns the version before into the version after", () => {
    const after = specOf(SENSORS.replace('min: "30"', 'min: "31"').replace("name: sensors", "name: sensors\ndescription: hot ones").replace("    keyBy: device\n", "    map: { device: device }\n"));
    expect(withoutLayout(applyPipelineDiff(sensors, diffPipelines(sensors, after)))).toEqual(withoutLayout(after));
  });

  it("refuses a diff taken against another pipeline with a sentence", () => {
    const diff = diffPipelines(sensors, specOf(SENSORS.replace("keyBy: device", "keyBy: room")));
    const other = specOf(SENSORS.replace(/per-device/g, "by-device"));
    expect(() => applyPipelineDiff(other, diff)).toThrow("the diff does not apply: this pipeline has no node named per-device");
  });
});
