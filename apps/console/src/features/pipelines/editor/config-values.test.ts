import { describe, expect, it } from "vitest";
import { buildConfig, fieldsOf, type JsonSchema } from "../../connectors/config-schema";
import { configValues } from "./config-values";

const schema: JsonSchema = {
  type: "object",
  properties: {
    url: { type: "string" },
    topics: { type: "array", items: { type: "string" }, minItems: 1 },
    qos: { anyOf: [{ const: 0 }, { const: 1 }, { const: 2 }], default: 1 },
    clean: { type: "boolean", default: true },
    columns: { type: "object", additionalProperties: { type: "string" } },
    tls: { type: "object", properties: { ca: { type: "string" } } },
  },
  required: ["url", "topics"],
};

describe("configValues", () => {
  it("shows a config block so that building the form again gives the same block", () => {
    const fields = fieldsOf(schema);
    const config = { url: "mqtt://127.0.0.1:1883", topics: ["a/#", "b/+"], qos: 2, clean: false, columns: { device: "$key" }, tls: { ca: "pem" } };
    const values = configValues(fields, config);
    expect(values).toMatchObject({ url: "mqtt://127.0.0.1:1883", topics: "a/#\nb/+", qos: "2", clean: false, columns: '{"device":"$key"}', "tls.ca": "pem" });
    expect(buildConfig(fields, values)).toEqual({ config, errors: {} });
  });

  it("starts from the defaults where the block says nothing", () => {
    expect(configValues(fieldsOf(schema), {})).toMatchObject({ url: "", qos: "1", clean: true });
  });
});
