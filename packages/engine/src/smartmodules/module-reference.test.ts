import { describe, expect, it } from "vitest";
import { parseChainSpec } from "./chain-spec.js";
import { moduleNameProblem, parseModuleReference } from "./module-reference.js";

describe("SmartModule references", () => {
  it("take plain names and hub names group/name, with or without a version", () => {
    expect(parseModuleReference("json-filter@0.1.0")).toEqual({ ok: true, value: { name: "json-filter", version: "0.1.0" } });
    expect(parseModuleReference("acme/hot")).toEqual({ ok: true, value: { name: "acme/hot", version: null } });
    expect(parseModuleReference("acme/hot@1.0.0")).toEqual({ ok: true, value: { name: "acme/hot", version: "1.0.0" } });
    expect(parseModuleReference("acme/hot.v2_x@1.0.0-rc.1")).toEqual({ ok: true, value: { name: "acme/hot.v2_x", version: "1.0.0-rc.1" } });
  });

  it("refuse more than one '/', empty parts and parts outside the hub's rules", () => {
    for (const bad of ["acme/hot/x", "acme/", "/hot", "a/hot", "acme_co/hot", "Acme/hot", "acme/-hot", `${"g".repeat(40)}/hot`, `acme/${"n".repeat(65)}`]) {
      expect(moduleNameProblem(bad), bad).toMatch(/^SmartModule name '.*' must be group\/name/);
    }
    expect(parseModuleReference("acme/hot@1")).toEqual({ ok: false, message: "SmartModule version '1' is not a semantic version like 1.2.3" });
  });

  it("let a topic chain name a hub module", () => {
    expect(parseChainSpec('[{"module":"acme/hot@1.0.0","params":{"min":"30"}},{"module":"acme/hot"}]')).toEqual({
      ok: true,
      value: [
        { module: "acme/hot@1.0.0", params: { min: "30" } },
        { module: "acme/hot", params: {} },
      ],
    });
    expect(parseChainSpec('[{"module":"acme/hot/x"}]')).toMatchObject({ ok: false });
  });
});
