import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { smartModuleManifest } from "../test-support/test-packages.js";
import { canonicalManifestJson, manifestDigest, parseManifest } from "./index.js";

const connectorManifest = {
  ...smartModuleManifest({ kind: "connector", smartmodule: undefined }),
  connector: { direction: "source", configSchema: { type: "object", properties: { url: { type: "string" } } } },
};

describe("parseManifest", () => {
  it("accepts a SmartModule and a connector manifest as they are", () => {
    const manifest = smartModuleManifest();
    expect(parseManifest(manifest)).toEqual({ ok: true, value: manifest });
    const { smartmodule: _none, ...connector } = connectorManifest;
    expect(parseManifest(connector)).toEqual({ ok: true, value: connector });
  });

  it.each([
    [{ description: "" }, `The manifest's "description" must not be empty.`],
    [{ description: "x".repeat(301) }, `The manifest's "description" must have at most 300 characters.`],
    [{ description: "   " }, `The manifest's "description" must not be blank.`],
    [{ group: "Acme" }, `The group "Acme" must be 2 to 39 lowercase letters, digits or hyphens, starting with a letter or digit.`],
    [{ version: "1.2" }, `The version "1.2" is not a semantic version such as 1.2.3 or 1.2.3-beta.1.`],
    [{ kind: "plugin" }, `The manifest's "kind" must be "smartmodule" or "connector".`],
    [{ license: "<script>" }, `The manifest's "license" must be an SPDX license expression such as MIT or Apache-2.0.`],
    [{ repository: "ftp://example.com/x" }, `The manifest's "repository" must be an http or https URL.`],
    [{ keywords: ["ok", "Not-Lower"] }, `The manifest's "keywords[1]" must be 1 to 32 lowercase letters, digits or hyphens.`],
    [{ keywords: Array.from({ length: 11 }, (_, index) => `k${String(index)}`) }, `The manifest's "keywords" must have at most 10 items.`],
    [{ visibility: 3 }, `The manifest's "visibility" must be "public" or "private".`],
    [{ smartmodule: undefined }, `A SmartModule package's manifest needs a "smartmodule" section.`],
    [{ connector: connectorManifest.connector }, `A SmartModule package's manifest cannot have a "connector" section.`],
    [{ extra: true }, `The manifest has an unknown field "extra".`],
  ])("refuses %o with one plain sentence", (change, message) => {
    expect(parseManifest({ ...smartModuleManifest(), ...change })).toEqual({ ok: false, message });
  });

  it("names missing and nested fields by their path", () => {
    const { license: _license, ...noLicense } = smartModuleManifest();
    expect(parseManifest(noLicense)).toEqual({ ok: false, message: `The manifest is missing "license".` });
    const badParameter = smartModuleManifest();
    expect(parseManifest({ ...badParameter, smartmodule: { ...badParameter.smartmodule, parameters: { t: { type: "float" } } } })).toEqual({
      ok: false,
      message: `The manifest's "smartmodule.parameters.t.type" must be "string" or "integer" or "number" or "boolean" or "list".`,
    });
    expect(parseManifest("not an object")).toEqual({ ok: false, message: "The manifest must be an object." });
    expect(parseManifest(undefined)).toEqual({ ok: false, message: "The manifest is empty." });
  });
});

describe("manifestDigest", () => {
  it("does not depend on key order or whitespace", () => {
    const manifest = smartModuleManifest();
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(manifest).reverse()), null, 2)) as typeof manifest;
    expect(manifestDigest(reordered)).toBe(manifestDigest(manifest));
    expect(canonicalManifestJson(manifest)).not.toMatch(/\s"|":\s/);
    expect(manifestDigest(manifest)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("sorts integer-like keys as text, as other implementations do", () => {
    const manifest = { ...connectorManifest, connector: { direction: "sink" as const, configSchema: { b: 1, "10": 2, "9": 3 } } };
    expect(canonicalManifestJson(manifest as never)).toContain(`"configSchema":{"10":2,"9":3,"b":1}`);
  });

  it("changes when any field changes", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (description) => {
        const base = smartModuleManifest();
        fc.pre(description !== base.description);
        expect(manifestDigest({ ...base, description })).not.toBe(manifestDigest(base));
      }),
    );
  });

  it("is stable through JSON and parseManifest, which is what the signature relies on", () => {
    const manifest = smartModuleManifest();
    const parsed = parseManifest(JSON.parse(canonicalManifestJson(manifest)));
    expect(parsed.ok && manifestDigest(parsed.value)).toBe(manifestDigest(manifest));
  });
});
