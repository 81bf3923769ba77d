import { describe, expect, it } from "vitest";
import { z } from "zod";
import { builtInConnector, builtInTypes } from "./catalog.js";

/** Paths of object properties in a JSON schema that carry no description (the console's form needs one per field). */
function undescribed(schema: unknown, path = ""): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const node = schema as { properties?: Record<string, { description?: string }>; anyOf?: unknown[]; oneOf?: unknown[]; items?: unknown };
  const missing: string[] = [];
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    if (property.description === undefined) missing.push(`${path}${name}`);
    missing.push(...undescribed(property, `${path}${name}.`));
  }
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) missing.push(...undescribed(branch, path));
  missing.push(...undescribed(node.items, `${path}[].`));
  return missing;
}

describe("built-in connectors", () => {
  it("load by their type and describe every config field", async () => {
    expect(builtInTypes()).toEqual(["http-sink", "http-source", "kafka-sink", "kafka-source", "lake-sink", "mqtt-sink", "mqtt-source", "nats-sink", "nats-source", "postgres-sink"]);
    for (const type of builtInTypes()) {
      const connector = await builtInConnector(type);
      expect(connector?.type).toBe(type);
      expect(connector?.kind).toBe(type.endsWith("-source") ? "source" : "sink");
      expect(undescribed(z.toJSONSchema(connector!.config, { io: "input" })), type).toEqual([]);
    }
    expect(await builtInConnector("no-such-connector")).toBeUndefined();
  });
});
