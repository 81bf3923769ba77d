import { describe, expect, it } from "vitest";
import { ruleSentence } from "./rule-labels";

describe("ruleSentence", () => {
  it("says what a rule lets a credential do, in words rather than Kafka operations", () => {
    expect(ruleSentence({ resource: "topic", match: "prefix", name: "orders-", access: "produce", operation: "write", permission: "allow" })).toBe("Allow producing to topics starting with “orders-”");
    expect(ruleSentence({ resource: "group", match: "name", name: "billing", access: "consume", operation: "read", permission: "deny" })).toBe("Deny consuming as consumer groups named “billing”");
    expect(ruleSentence({ resource: "topic", match: "name", name: "t", access: "other", operation: "describe_configs", permission: "allow" })).toBe(
      "Allow describe configs on topics named “t” (set outside the console)",
    );
  });
});
