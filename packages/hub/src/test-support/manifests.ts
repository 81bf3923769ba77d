import type { HubManifest } from "../manifest/index.js";

/** A valid SmartModule manifest; tests change one field at a time. */
export function smartModuleManifest(overrides: Partial<HubManifest> = {}): HubManifest {
  return {
    group: "acme",
    name: "hot",
    version: "1.2.0",
    kind: "smartmodule",
    description: "Keeps readings above a threshold.",
    license: "Apache-2.0",
    repository: "https://github.com/acme/hot",
    keywords: ["filter", "iot"],
    visibility: "public",
    smartmodule: {
      world: "freshet:smartmodule/filter-module@0.1.0",
      moduleKind: "filter",
      parameters: { threshold: { type: "number", description: "Lowest value kept", default: "20" } },
    },
    ...overrides,
  };
}
