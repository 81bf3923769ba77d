import type { SmartModuleInfo } from "@freshet/client/admin/smartmodules";
import { describe, expect, it } from "vitest";
import { installedPackages, isNewer } from "./cluster-modules.js";

function module(name: string, version: string, provenance: SmartModuleInfo["provenance"]): SmartModuleInfo {
  return { name, version, kind: "filter", sizeBytes: 1, digest: "0".repeat(64), description: null, provenance } as SmartModuleInfo;
}

describe("installedPackages", () => {
  it("keeps one entry per Hub package at its newest loaded version, leaving local modules and packages pinned there alone", () => {
    const modules = [
      module("acme/hot", "1.2.0", { package: "acme/hot", range: "^1.2", keyId: "k" }),
      module("acme/hot", "1.10.0", { package: "acme/hot", range: "^1.2", keyId: "k" }),
      module("acme/hot", "1.9.0", { package: "acme/hot", range: "^1.2", keyId: "k" }),
      module("clicks", "0.1.0", null),
      module("acme/pinned", "2.0.0", { package: "acme/pinned", range: null, keyId: "k" }),
      module("acme/pinned", "1.0.0", { package: "acme/pinned", range: "*", keyId: "k" }),
      module("beta/cold", "0.3.0", { package: "beta/cold", range: "*", keyId: "k" }),
    ];
    expect(installedPackages(modules)).toEqual([
      { group: "acme", name: "hot", version: "1.10.0", range: "^1.2" },
      { group: "beta", name: "cold", version: "0.3.0", range: "*" },
    ]);
  });

  it("compares versions as semver, not as text", () => {
    expect(isNewer("1.10.0", "1.9.0")).toBe(true);
    expect(isNewer("1.2.0", "1.2.0")).toBe(false);
    expect(isNewer("1.2.0", "1.3.0")).toBe(false);
    expect(isNewer("1.3.0", "1.3.0-rc.1")).toBe(true);
  });
});
