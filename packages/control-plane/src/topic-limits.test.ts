import { describe, expect, it } from "vitest";
import { isEditableTopicConfig, smartModuleNameProblem, smartModuleVersionProblem, topicConfigsOf, topicConfigValueProblem, topicNameProblem, topicSettingsSchema } from "./topic-limits.js";

const firstMessage = (input: unknown) => {
  const parsed = topicSettingsSchema.safeParse(input);
  return parsed.success ? null : parsed.error.issues[0]!.message;
};

describe("topicNameProblem", () => {
  it("accepts Kafka's legal names up to 249 characters", () => {
    for (const name of ["orders", "a.b-c_d", "x".repeat(249), "_private", "..."]) expect(topicNameProblem(name)).toBeNull();
  });

  it("refuses each illegal name with its own sentence", () => {
    expect(topicNameProblem("")).toBe("Enter a topic name.");
    expect(topicNameProblem(".")).toBe('"." cannot be a topic name: Kafka reserves "." and "..".');
    expect(topicNameProblem("..")).toBe('".." cannot be a topic name: Kafka reserves "." and "..".');
    expect(topicNameProblem("__offsets")).toBe('Topic names starting with "__" are reserved for the cluster\'s internal topics.');
    expect(topicNameProblem("two words")).toBe("A topic name uses only letters, digits, dots (.), dashes (-) and underscores (_).");
    expect(topicNameProblem("é")).toMatch(/only letters, digits/);
  });

  it("refuses a name that is too long instead of cutting it, saying how long it is", () => {
    expect(topicNameProblem("x".repeat(250))).toBe("A topic name has at most 249 characters; this one has 250.");
  });
});

describe("topicSettingsSchema", () => {
  it("bounds partitions by the engine's per-topic limit, not a smaller console-only one", () => {
    expect(firstMessage({ partitions: 10_000 })).toBeNull();
    expect(firstMessage({ partitions: 10_001 })).toBe("A topic has at most 10,000 partitions.");
    expect(firstMessage({ partitions: 0 })).toBe("A topic needs at least 1 partition.");
    expect(firstMessage({ partitions: 1.5 })).toBe("The number of partitions is a whole number.");
  });

  it("says what a retention, durability, compression or message size over the limits should be", () => {
    expect(firstMessage({ partitions: 1, retentionMs: 1_000 })).toBe("Keep records for at least 1 minute, or forever.");
    expect(firstMessage({ partitions: 1, retentionMs: -1, retentionBytes: -1 })).toBeNull();
    expect(firstMessage({ partitions: 1, retentionBytes: 1_000 })).toBe("A retention size is at least 1 MiB per partition, or unlimited.");
    expect(firstMessage({ partitions: 1, durability: "sometimes" })).toBe("Durability is batch, interval or none.");
    expect(firstMessage({ partitions: 1, compression: "brotli" })).toBe("Compression is producer, none, gzip, snappy, lz4 or zstd.");
    expect(firstMessage({ partitions: 1, maxMessageBytes: 17 * 1024 * 1024 })).toBe("The largest message size is at most 16 MiB (16,777,216 bytes).");
    expect(firstMessage({ partitions: 1, replicationFactor: 0 })).toBe("A topic needs at least 1 replica.");
  });
});

describe("topicConfigsOf", () => {
  it("turns the settings given into Kafka topic configs and leaves the others to the defaults", () => {
    expect(topicConfigsOf({ retentionMs: 3_600_000, durability: "interval", compression: "zstd", maxMessageBytes: 2048 })).toEqual({
      "retention.ms": "3600000",
      "freshet.durability": "interval",
      "compression.type": "zstd",
      "max.message.bytes": "2048",
    });
    expect(topicConfigsOf({})).toEqual({});
  });
});

describe("editable configs", () => {
  it("never lets the configs fixed at creation be edited", () => {
    for (const name of ["freshet.durability", "flush.ms", "freshet.source", "freshet.smartmodules", "nonsense"]) expect(isEditableTopicConfig(name)).toBe(false);
    expect(isEditableTopicConfig("retention.ms")).toBe(true);
  });

  it("checks our own limits on an edited value, leaving the rest to the engine", () => {
    expect(topicConfigValueProblem("max.message.bytes", "99999999")).toBe("The largest message size is at most 16 MiB (16,777,216 bytes).");
    expect(topicConfigValueProblem("retention.ms", "soon")).toBe("retention.ms is a whole number.");
    expect(topicConfigValueProblem("retention.ms", "-1")).toBeNull();
    expect(topicConfigValueProblem("cleanup.policy", "compact")).toBeNull();
  });
});

describe("SmartModule names and versions", () => {
  it("takes the engine's names and semantic versions and says what is wrong with others", () => {
    expect(smartModuleNameProblem("json-filter")).toBeNull();
    expect(smartModuleNameProblem("Json")).toBe("A SmartModule name uses lowercase letters, digits, dots, dashes and underscores, and starts with a letter or digit.");
    expect(smartModuleNameProblem("x".repeat(101))).toBe("A SmartModule name has at most 100 characters; this one has 101.");
    expect(smartModuleNameProblem("acme/hot")).toBeNull();
    expect(smartModuleNameProblem(`${"g".repeat(39)}/${"n".repeat(64)}`)).toBeNull();
    for (const bad of ["acme/", "/hot", "a/hot", "acme/hot/x", "Acme/hot", "acme_x/hot", "acme/.hot"]) {
      expect(smartModuleNameProblem(bad), bad).toBe(
        "A SmartModule name from the hub is group/name: a group of 2 to 39 lowercase letters, digits and dashes, and a name of lowercase letters, digits, dots, dashes and underscores, each starting with a letter or digit.",
      );
    }
    expect(smartModuleVersionProblem("0.1.0")).toBeNull();
    expect(smartModuleVersionProblem("1.0.0-rc.1")).toBeNull();
    expect(smartModuleVersionProblem("v1")).toBe("A SmartModule version is a semantic version such as 1.0.0.");
  });
});
