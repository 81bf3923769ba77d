import { describe, expect, it } from "vitest";
import { SENSORS, specOf } from "../test-support/sensors-pipeline.js";
import { setNodeBody } from "./set-node-body.js";

const COMMENTED = SENSORS.replace("    keyBy: device\n", "    keyBy: device # the sensor's id\n");

describe("setNodeBody", () => {
  it("changes only the fields that differ, keeping comments and flow style", () => {
    const text = setNodeBody(COMMENTED, "hot", { from: "readings", filter: { smartmodule: "hot-filter", params: { min: "35" } } });
    expect(text).toBe(COMMENTED.replace('min: "30"', 'min: "35"'));
  });

  it("replaces an operator's kind and drops fields no longer set", () => {
    const text = setNodeBody(COMMENTED, "per-device", { from: "hot", map: { device: "device", room: "room" } });
    expect(text).toContain("  per-device:\n    from: hot\n    map:\n      device: device\n      room: room\n");
    expect(specOf(text).operators["per-device"]).toEqual({ from: "hot", map: { device: "device", room: "room" } });
  });

  it("keeps the comment of a field whose value changed", () => {
    expect(setNodeBody(COMMENTED, "per-device", { from: "hot", keyBy: "room" })).toContain("    keyBy: room # the sensor's id\n");
  });

  it("refuses a node that is not there", () => {
    expect(() => setNodeBody(SENSORS, "cold", {})).toThrow("there is no node named cold");
  });
});
