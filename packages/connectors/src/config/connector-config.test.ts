import { describe, expect, it } from "vitest";
import { parseConnectorConfig } from "./connector-config.js";

describe("parseConnectorConfig", () => {
  it("fills the defaults of a minimal source", () => {
    const parsed = parseConnectorConfig("name: readings\ntype: mqtt-source\ntopic: readings\nconfig:\n  url: mqtt://127.0.0.1:1883\n");
    expect(parsed).toEqual({
      ok: true,
      config: {
        apiVersion: "v1",
        name: "readings",
        type: "mqtt-source",
        topic: "readings",
        transforms: [],
        errors: { tolerance: "none", retry: { initialDelayMs: 200, maxDelayMs: 10_000, timeoutMs: 300_000 } },
        delivery: { maxInFlight: 1_000, batchSize: 500, start: "beginning" },
        config: { url: "mqtt://127.0.0.1:1883" },
      },
    });
  });

  it.each([
    ["name: Readings\ntype: mqtt-source\ntopic: t\n", "name: must be 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit"],
    ["name: r\ntype: mqtt-source\ntopic: t\nerrors:\n  tolerance: some\n", 'errors.tolerance: expected one of "none"|"all"'],
    ["name: r\ntype: mqtt-source\ntopic: t\ndelivery:\n  batchSize: 0\n", "delivery.batchSize: Too small: expected number to be >=1"],
    ["name: r\ntype: mqtt-source\ntopic: t\ntopics: [u]\n", "topic: set topic (a source) or topics (a sink), not both"],
    ["name: r\ntopic: t\n", "type: set exactly one of type (a built-in connector) or module (a kit-built one)"],
    ["name: r\ntype: x\ntopic: t\nretries: 3\n", "unknown field retries"],
    ["name: r\ntype: x\ncluster:\n  bootstrap: h:1\n  sasl:\n    username: u\n", "cluster.sasl.password: set exactly one of password or passwordFile"],
    ["name: r\n  type: [\n", "the YAML does not parse at line 1: Nested mappings are not allowed in compact mappings"],
  ])("refuses %j in one sentence naming the field", (text, message) => {
    expect(parseConnectorConfig(text)).toEqual({ ok: false, message });
  });
});
