import { describe, expect, it } from "vitest";
import { parseManifest } from "./manifest-schema.js";

const manifest = (params: Record<string, unknown>) => JSON.stringify({ apiVersion: "0.1.0", kind: "filter", params });

describe("parseManifest", () => {
  it("accepts parameters whose defaults their own types accept", () => {
    const parsed = parseManifest(manifest({ n: { type: "integer", default: "10" }, on: { type: "boolean", default: "true" }, text: { type: "string" } }));
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ["integer", "ten", "parameter 'n' must be an integer, got 'ten'"],
    ["number", "", "parameter 'n' must be a number, got ''"],
    ["boolean", "yes", "parameter 'n' must be true or false, got 'yes'"],
  ])("refuses a parameter of type %s with the default '%s', naming it", (type, value, message) => {
    expect(parseManifest(manifest({ n: { type, default: value } }))).toEqual({ ok: false, message: `the module's manifest is invalid at 'params.n.default': ${message}` });
  });

  it("refuses a default that is not text (a module written without the SDK's types)", () => {
    expect(parseManifest(manifest({ n: { type: "integer", default: 10 } }))).toEqual({
      ok: false,
      message: "the module's manifest is invalid at 'params.n.default': Invalid input: expected string, received number",
    });
  });
});
