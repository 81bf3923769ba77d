import { describe, expect, it } from "vitest";
import { newNodeBody, nodeIdFrom, paletteEntries, uniqueNodeId } from "./palette-entries";

describe("palette entries", () => {
  const entries = paletteEntries({
    connectors: [
      { type: "mqtt-source", kind: "source", description: "MQTT in" },
      { type: "postgres-sink", kind: "sink", description: "rows out" },
    ],
    topics: ["Sensor.Readings"],
    smartModules: [
      { name: "json-filter", kind: "filter", description: null, params: [{ name: "field", default: null }] },
      { name: "json-filter", kind: "filter", description: null, params: [] },
      { name: "masker", kind: "map", description: "masks", params: [{ name: "with", default: "*" }] },
      { name: "summer", kind: "aggregate", description: null, params: [] },
    ],
  });
  const byKey = new Map(entries.map((entry) => [entry.key, entry]));

  it("offers connectors in their section, topics as sources, one entry per module with a dataflow step", () => {
    expect(byKey.get("connector:mqtt-source")).toMatchObject({ section: "sources", idBase: "mqtt", body: { topic: "", connector: { type: "mqtt-source", config: {} } } });
    expect(byKey.get("connector:postgres-sink")).toMatchObject({ section: "sinks", idBase: "postgres", body: { connector: { type: "postgres-sink", config: {} } } });
    expect(byKey.get("topic:Sensor.Readings")).toMatchObject({ section: "sources", idBase: "sensor-readings", body: { topic: "Sensor.Readings" } });
    expect(byKey.get("smartmodule:masker")).toMatchObject({ section: "operators", body: { map: { smartmodule: "masker", params: { with: "*" } } } });
    expect(entries.filter((entry) => entry.group === "SmartModules").map((entry) => entry.label)).toEqual(["json-filter", "masker"]);
    expect(entries.filter((entry) => entry.group === "Operators").map((entry) => entry.idBase)).toEqual(["filter", "map", "key-by", "aggregate", "top-n", "join", "lookup", "dedup"]);
  });

  it("names a source connector's topic after the pipeline and the node", () => {
    expect(newNodeBody(byKey.get("connector:mqtt-source")!, "readings", "sensors")).toEqual({ topic: "sensors.readings", connector: { type: "mqtt-source", config: {} } });
    expect(newNodeBody(byKey.get("topic:Sensor.Readings")!, "x", "sensors")).toEqual({ topic: "Sensor.Readings" });
  });

  it("makes node names the schema takes, unique among the document's", () => {
    expect(nodeIdFrom("42 Hot_Sensors!")).toBe("hot-sensors");
    expect(nodeIdFrom("123")).toBe("node");
    expect(uniqueNodeId("filter", new Set(["filter", "filter-2"]))).toBe("filter-3");
    expect(uniqueNodeId("map", new Set(["filter"]))).toBe("map");
  });
});
