import { describe, expect, it } from "vitest";
import { fieldsOf, initialValues, type JsonSchema } from "./config-schema";
import { buildConnectorYaml, fieldOfSentence } from "./connector-yaml";

// As zod's toJSONSchema writes a connector's config (mqtt-source's, with a nested object and a map added).
const SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    url: { type: "string", pattern: "^(mqtts?|wss?):\\/\\/.+", description: "The broker, e.g. mqtt://broker.example.com:1883 (mqtts:// for TLS)." },
    topics: { minItems: 1, type: "array", items: { type: "string", minLength: 1 } },
    qos: {
      default: 1,
      anyOf: [
        { type: "number", const: 0 },
        { type: "number", const: 1 },
        { type: "number", const: 2 },
      ],
    },
    payloadFormat: { default: "binary", type: "string", enum: ["binary", "json"] },
    sessionExpirySeconds: { default: 86400, type: "integer", minimum: 1, maximum: 4294967295 },
    retain: { default: false, type: "boolean" },
    sasl: { type: "object", properties: { username: { type: "string", minLength: 1 }, password: { type: "string", minLength: 1 } }, required: ["username", "password"] },
    headers: { default: {}, type: "object", additionalProperties: { type: "string" } },
  },
  required: ["url", "topics"],
};
const fields = fieldsOf(SCHEMA);
const basics = { name: "mqtt-in", type: "mqtt-source", kind: "source" as const, topics: "readings", tolerance: "none" as const };

describe("the connector form", () => {
  it("renders each setting with a control of its kind, and what it cannot render as YAML", () => {
    expect(fields.map((f) => `${f.path}:${f.kind}`)).toEqual([
      "url:text",
      "topics:list",
      "qos:choice",
      "payloadFormat:choice",
      "sessionExpirySeconds:number",
      "retain:boolean",
      "sasl:group",
      "headers:yaml",
    ]);
    expect(initialValues(fields)).toEqual({
      url: "",
      topics: "",
      qos: "1",
      payloadFormat: "binary",
      sessionExpirySeconds: "86400",
      retain: false,
      "sasl.username": "",
      "sasl.password": "",
      headers: "",
    });
  });

  it("builds the YAML from what differs from the defaults", () => {
    const values = { ...initialValues(fields), url: "mqtt://127.0.0.1:1883", topics: "a/#\n\n b/+ ", qos: "2", retain: true, headers: "{ x: y }" };
    const built = buildConnectorYaml({ ...basics, tolerance: "all" }, fields, values);
    expect(built.errors).toEqual({});
    expect(built.yaml).toBe(
      "name: mqtt-in\ntype: mqtt-source\ntopic: readings\nerrors:\n  tolerance: all\nconfig:\n  url: mqtt://127.0.0.1:1883\n  topics:\n    - a/#\n    - b/+\n  qos: 2\n  retain: true\n  headers:\n    x: y\n",
    );
  });

  it("says in one sentence per field what it cannot take", () => {
    const values = { ...initialValues(fields), url: "http://x", sessionExpirySeconds: "1.5", "sasl.username": "ada", headers: "{ x: [" };
    const built = buildConnectorYaml({ ...basics, name: "Bad Name", kind: "sink", topics: "" }, fields, values);
    expect(built.errors).toEqual({
      name: "A connector name is 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit.",
      topics: "A sink needs at least one topic to read, one per line.",
      "config.url": "url does not have the expected form (e.g. mqtt://broker.example.com:1883).",
      "config.topics": "topics is required.",
      "config.sessionExpirySeconds": "sessionExpirySeconds must be a whole number.",
      "config.sasl.password": "sasl.password is required.",
      "config.headers": expect.stringMatching(/^headers is not valid YAML or JSON: /) as unknown as string,
    });
  });

  it("finds the field an API sentence is about", () => {
    const known = new Set(["topic", "config.url"]);
    expect(fieldOfSentence("config.url: must match the pattern.", known)).toBe("config.url");
    expect(fieldOfSentence("cannot reach the MQTT broker at mqtt://127.0.0.1:1: connection refused.", known)).toBeNull();
  });
});
