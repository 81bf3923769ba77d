import { describe, expect, it } from "vitest";
import { applyAclChange, filterMatches, parseAclCreation, type AclBinding } from "./acl-bindings.js";
import { Authorizer } from "./authorizer.js";

function binding(over: Partial<AclBinding>): AclBinding {
  return { resourceType: "topic", resourceName: "orders", patternType: "literal", principal: "User:app", host: "*", operation: "read", permission: "allow", ...over };
}

function authorizer(bindings: readonly AclBinding[]): Authorizer {
  return new Authorizer(() => bindings, new Set(["root"]));
}

const app = { user: "app", host: "10.0.0.1" };

describe("Authorizer", () => {
  it("leaves a user without bindings, a super user and a listener without SASL unrestricted", () => {
    const acls = authorizer([binding({ principal: "User:other" })]);
    expect(acls.unrestricted(app)).toBe(true);
    expect(acls.allows(app, "write", "topic", "anything")).toBe(true);
    const restricted = authorizer([binding({ principal: "User:root" }), binding({ principal: "User:x" })]);
    expect(restricted.allows({ user: "root", host: "h" }, "delete", "topic", "orders")).toBe(true);
    expect(restricted.allows({ user: null, host: "h" }, "delete", "topic", "orders")).toBe(true);
  });

  it("allows only what ALLOW bindings allow once a user has one, with Kafka's implied DESCRIBE", () => {
    const acls = authorizer([binding({ resourceName: "orders-", patternType: "prefixed" }), binding({ resourceType: "group", resourceName: "billing", operation: "read" })]);
    expect(acls.unrestricted(app)).toBe(false);
    expect(acls.allows(app, "read", "topic", "orders-eu")).toBe(true);
    expect(acls.allows(app, "describe", "topic", "orders-eu")).toBe(true);
    expect(acls.allows(app, "write", "topic", "orders-eu")).toBe(false);
    expect(acls.allows(app, "read", "topic", "order")).toBe(false);
    expect(acls.allows(app, "read", "group", "billing")).toBe(true);
    expect(acls.allows(app, "read", "group", "billing-2")).toBe(false);
    expect(acls.allows(app, "create", "topic", "orders-eu")).toBe(false);
  });

  it("lets DENY win over ALLOW, and a deny-only user keep everything else", () => {
    const both = authorizer([binding({ operation: "all", resourceName: "*" }), binding({ operation: "write", permission: "deny" })]);
    expect(both.allows(app, "read", "topic", "orders")).toBe(true);
    expect(both.allows(app, "write", "topic", "orders")).toBe(false);
    expect(both.allows(app, "write", "topic", "payments")).toBe(true);
    const denyOnly = authorizer([binding({ operation: "all", permission: "deny", resourceName: "secret-", patternType: "prefixed" })]);
    expect(denyOnly.allows(app, "read", "topic", "secret-keys")).toBe(false);
    expect(denyOnly.allows(app, "read", "topic", "orders")).toBe(true);
  });

  it("matches hosts and recompiles when the bindings change", () => {
    let bindings: readonly AclBinding[] = [binding({ host: "10.0.0.2" })];
    const acls = new Authorizer(() => bindings, new Set());
    expect(acls.allows(app, "read", "topic", "orders")).toBe(false);
    bindings = applyAclChange(bindings, { create: [binding({ host: "10.0.0.1" })], delete: [] });
    expect(acls.allows(app, "read", "topic", "orders")).toBe(true);
    bindings = applyAclChange(bindings, { create: [], delete: [...bindings] });
    expect(acls.unrestricted(app)).toBe(true);
  });
});

describe("ACL bindings", () => {
  it("parses Kafka's codes and refuses what Freshet does not enforce", () => {
    const creation = { resourceType: 2, resourceName: "orders", resourcePatternType: 4, principal: "User:app", host: "*", operation: 4, permissionType: 3 };
    expect(parseAclCreation(creation)).toEqual({ ok: true, value: binding({ patternType: "prefixed", operation: "write" }) });
    expect(parseAclCreation({ ...creation, resourceType: 5 }).ok).toBe(false);
    expect(parseAclCreation({ ...creation, principal: "User:*" }).ok).toBe(false);
    expect(parseAclCreation({ ...creation, principal: "Group:x" }).ok).toBe(false);
    expect(parseAclCreation({ ...creation, operation: 1 }).ok).toBe(false);
    expect(parseAclCreation({ ...creation, resourceType: 4, resourceName: "other" }).ok).toBe(false);
  });

  it("matches filters, MATCH finding every pattern that covers a name", () => {
    const prefixed = binding({ resourceName: "ord", patternType: "prefixed" });
    expect(filterMatches({ patternType: "match", resourceName: "orders" }, prefixed)).toBe(true);
    expect(filterMatches({ patternType: "literal", resourceName: "orders" }, prefixed)).toBe(false);
    expect(filterMatches({ principal: "User:app", operation: "read" }, prefixed)).toBe(true);
    expect(filterMatches({ permission: "deny" }, prefixed)).toBe(false);
  });
});
