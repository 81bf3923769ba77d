import { describe, expect, it } from "vitest";
import { alteredTopicConfig, operationOf } from "./config-changes.js";
import { defaultTopicConfig, parseTopicConfig } from "./topic-config.js";
import { logConfigFor } from "./topic-registry.js";

function topicWith(configs: Record<string, string>) {
  const parsed = parseTopicConfig(Object.entries(configs).map(([name, value]) => ({ name, value })));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { config: parsed.value, explicitConfig: Object.keys(configs) };
}

describe("alteredTopicConfig", () => {
  it("appends to and subtracts from cleanup.policy as a list, without duplicates", () => {
    const topic = topicWith({ "cleanup.policy": "delete" });
    const appended = alteredTopicConfig(topic, [{ op: "append", name: "cleanup.policy", value: "compact,delete" }], false);
    expect(appended.ok && appended.value.config["cleanup.policy"]).toBe("delete,compact");
    const subtracted = alteredTopicConfig(topic, [{ op: "subtract", name: "cleanup.policy", value: "delete" }], false);
    expect(subtracted.ok ? subtracted.value.config["cleanup.policy"] : subtracted.error.message).toMatch(/at least one/);
  });

  it("refuses APPEND on a key that is not a list", () => {
    const result = alteredTopicConfig(topicWith({}), [{ op: "append", name: "retention.ms", value: "5" }], false);
    expect(result.ok ? null : result.error).toEqual({ errorName: "INVALID_CONFIG", message: "'retention.ms' is not a list, so it cannot be appended to or subtracted from" });
  });

  it("replace keeps creation-time keys it does not name and resets the rest", () => {
    const topic = topicWith({ "freshet.durability": "none", "retention.ms": "1000", "segment.bytes": "4096" });
    const result = alteredTopicConfig(topic, [{ op: "set", name: "segment.bytes", value: "8192" }], true);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.config["freshet.durability"]).toBe("none");
    expect(result.value.config["retention.ms"]).toBe(defaultTopicConfig()["retention.ms"]);
    expect(result.value.config["segment.bytes"]).toBe(8192);
    expect(new Set(result.value.explicitConfig)).toEqual(new Set(["freshet.durability", "segment.bytes"]));
  });

  it("refuses a change to a creation-time key, also by deleting it", () => {
    const topic = topicWith({ "freshet.durability": "none" });
    const result = alteredTopicConfig(topic, [{ op: "delete", name: "freshet.durability" }], false);
    expect(result.ok ? null : result.error.message).toBe("'freshet.durability' is set when the topic is created and cannot be changed");
  });

  it("reads IncrementalAlterConfigs operation codes and refuses unknown ones", () => {
    expect(operationOf(1, "retention.ms", "x")).toEqual({ op: "delete", name: "retention.ms" });
    expect(operationOf(3, "cleanup.policy", "delete")).toEqual({ op: "subtract", name: "cleanup.policy", value: "delete" });
    expect(operationOf(4, "retention.ms", "1")).toBeNull();
  });
});

describe("logConfigFor", () => {
  it("lets retention delete segments only when cleanup.policy includes delete", () => {
    const compacted = logConfigFor("/data", "t", 0, topicWith({ "cleanup.policy": "compact", "retention.ms": "1000", "retention.bytes": "10" }).config);
    expect([compacted.retentionMs, compacted.retentionBytes]).toEqual([null, null]);
    const both = logConfigFor("/data", "t", 0, topicWith({ "cleanup.policy": "compact,delete", "retention.ms": "1000" }).config);
    expect(both.retentionMs).toBe(1000);
  });
});
