import { describe, expect, it } from "vitest";
import { builtInConnector, builtInTypes } from "./catalog.js";

describe("catalog", () => {
  it("loads each built-in connector under its own type", async () => {
    expect(builtInTypes()).toEqual(["nats-sink", "nats-source", "postgres-sink"]);
    const loaded = await Promise.all(builtInTypes().map(async (type) => [type, (await builtInConnector(type))?.type, (await builtInConnector(type))?.kind]));
    expect(loaded).toEqual([
      ["nats-sink", "nats-sink", "sink"],
      ["nats-source", "nats-source", "source"],
      ["postgres-sink", "postgres-sink", "sink"],
    ]);
  });

  it("describes every config field, so the console can build its form", async () => {
    for (const type of builtInTypes()) {
      const connector = await builtInConnector(type);
      const schema = connector?.config.toJSONSchema({ io: "input" }) as { properties: Record<string, { description?: string }> };
      const undescribed = Object.entries(schema.properties)
        .filter(([, field]) => field.description === undefined)
        .map(([name]) => name);
      expect({ type, undescribed }).toEqual({ type, undescribed: [] });
    }
  });
});
