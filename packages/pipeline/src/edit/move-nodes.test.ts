import { describe, expect, it } from "vitest";
import { SENSORS } from "../test-support/sensors-pipeline.js";
import { moveNodes } from "./move-nodes.js";

describe("moveNodes", () => {
  it("updates existing entries in place and adds new ones at the end of the layout", () => {
    const text = moveNodes(SENSORS, { hot: { x: 250, y: 40 }, counts: { x: 600, y: 0 } });
    expect(text).toBe(SENSORS.replace("hot: { x: 200, y: 0 }", "hot: { x: 250, y: 40 }") + "  counts: { x: 600, y: 0 }\n");
  });

  it("creates the layout block when there is none", () => {
    const text = moveNodes(SENSORS.replace(/layout:\n(.*\n)*/, ""), { readings: { x: 1, y: 2 } });
    expect(text.endsWith("layout:\n  readings: { x: 1, y: 2 }\n")).toBe(true);
  });

  it("refuses an unknown node and a position that is not a number", () => {
    expect(() => moveNodes(SENSORS, { cold: { x: 0, y: 0 } })).toThrow("there is no node named cold");
    expect(() => moveNodes(SENSORS, { hot: { x: Number.NaN, y: 0 } })).toThrow("the position of hot must be two finite numbers");
  });
});
