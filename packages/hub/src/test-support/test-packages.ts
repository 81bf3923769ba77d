import { createHash } from "node:crypto";
import type { HubManifest } from "../manifest/index.js";
import { formatRef } from "../names/index.js";
import { generateKeyPair, signPackage, type HubKeyPair, type SignatureBundle } from "../signing/index.js";

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

export interface TestPackage {
  readonly manifest: HubManifest;
  readonly artifact: Uint8Array;
  readonly artifactDigest: string;
  readonly bundle: SignatureBundle;
  readonly keys: HubKeyPair;
}

/** A package signed as `freshet hub publish` signs one: a fresh key unless one is given. */
export async function signedTestPackage(options: { manifest?: HubManifest; artifact?: Uint8Array; keys?: HubKeyPair } = {}): Promise<TestPackage> {
  const manifest = options.manifest ?? smartModuleManifest();
  const artifact = options.artifact ?? new TextEncoder().encode(`\0asm ${formatRef(manifest)}`);
  const keys = options.keys ?? generateKeyPair();
  const artifactDigest = createHash("sha256").update(artifact).digest("hex");
  const bundle = await signPackage({ manifest, artifactDigest, privateKeyPem: keys.privateKeyPem });
  return { manifest, artifact, artifactDigest, bundle, keys };
}
