import { z } from "zod";
import { describe, expect, it } from "vitest";
import { clusterNameSchema, clusterSpusSchema } from "../limits/cluster.js";
import { fieldLabel, sentenceOf } from "./zod-sentence.js";

/** The sentence a person reads when `input` fails `schema`. */
function sentence(schema: z.ZodType, input: unknown): string {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error("expected the input to be refused");
  return sentenceOf(parsed.error);
}

const createCluster = z.object({ name: clusterNameSchema, region: z.literal("local"), plan: z.enum(["free", "pro"]), spus: clusterSpusSchema.default(1) });
const valid = { name: "main", region: "local", plan: "pro" };

describe("sentenceOf", () => {
  it("names the field and its limit for a value over the limit", () => {
    expect(sentence(createCluster, { ...valid, name: "a".repeat(41) })).toBe("Name must be at most 40 characters.");
    expect(sentence(createCluster, { ...valid, spus: 17 })).toBe("SPU count must be at most 16.");
    expect(sentence(createCluster, { ...valid, spus: 0 })).toBe("SPU count must be at least 1.");
    expect(sentence(z.object({ tags: z.array(z.string()).max(2) }), { tags: ["a", "b", "c"] })).toBe("Tags must be at most 2 items.");
    expect(sentence(z.object({ retentionMs: z.number().lt(10_000) }), { retentionMs: 20_000 })).toBe("Retention ms must be less than 10,000.");
  });

  it("keeps a message the schema wrote itself", () => {
    expect(sentence(createCluster, { ...valid, name: "Bad Name" })).toBe("A cluster name uses lowercase letters, digits and dashes, and does not start or end with a dash.");
  });

  it("says what is missing, of the wrong type or not one of the choices", () => {
    expect(sentence(createCluster, { ...valid, name: "" })).toBe("Name is required.");
    expect(sentence(createCluster, { region: "local", plan: "pro" })).toBe("Name is required.");
    expect(sentence(createCluster, { ...valid, spus: 1.5 })).toBe("SPU count must be a whole number.");
    expect(sentence(createCluster, { ...valid, plan: "gold" })).toBe("Plan must be one of free, pro.");
    expect(sentence(createCluster, { ...valid, region: "mars" })).toBe("Region must be local.");
    expect(sentence(z.object({ email: z.email() }), { email: "nope" })).toBe("Email is not a valid email.");
    expect(sentence(z.strictObject({ name: z.string() }), { name: "a", extra: 1 })).toBe("Unknown field: extra.");
  });

  it("is never zod's JSON", () => {
    for (const input of [{}, { ...valid, name: 42 }, { ...valid, spus: "many" }, null]) {
      const text = sentence(createCluster, input);
      expect(text).not.toMatch(/[[{"]/);
      expect(text).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe("fieldLabel", () => {
  it("reads the last named segment of the path in words", () => {
    expect(fieldLabel(["topics", 0, "replicationFactor"])).toBe("Replication factor");
    expect(fieldLabel(["spus"])).toBe("SPU count");
    expect(fieldLabel(["hardCapMinor"])).toBe("Hard cap");
    expect(fieldLabel([])).toBe("The request");
  });
});
