import { describe, expect, it } from "vitest";
import { builtInConnector, builtInTypes } from "./catalog.js";

describe("built-in catalog", () => {
  it("loads each built-in connector under its own type, with a described field for every config setting", async () => {
    expect(builtInTypes()).toEqual(["http-sink", "http-source", "mqtt-sink", "mqtt-source", "nats-sink", "nats-source", "postgres-sink"]);
    for (const type of builtInTypes()) {
      const connector = await builtInConnector(type);
      expect(connector?.type).toBe(type);
      expect(connector?.kind).toBe(type.endsWith("-source") ? "source" : "sink");
      const schema = connector?.config.toJSONSchema({ io: "input" }) as { properties?: Record<string, { description?: string }> };
      const undescribed = Object.entries(schema.properties ?? {}).filter(([, field]) => field.description === undefined);
      expect(
        undescribed.map(([name]) => name),
        type,
      ).toEqual([]);
    }
    expect(await builtInConnector("nope")).toBeUndefined();
  });
});
