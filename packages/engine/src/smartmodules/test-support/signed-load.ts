import { createHash } from "node:crypto";
import type { HubManifest } from "@freshet/hub/manifest";
import { generateKeyPair, signPackage, type HubKeyPair } from "@freshet/hub/signing";

/** A hub SmartModule manifest for `group/name@version`. */
export function hubManifest(pkg: string, version: string): HubManifest {
  const [group, name] = pkg.split("/") as [string, string];
  return {
    group,
    name,
    version,
    kind: "smartmodule",
    description: "Keeps JSON records whose field equals a value.",
    license: "Apache-2.0",
    keywords: ["filter"],
    visibility: "public",
    smartmodule: { world: "freshet:smartmodule/filter-module@0.1.0", moduleKind: "filter", parameters: {} },
  };
}

/** The provenance claim a hub load sends (LoadSmartModule v1), signed over `component` with `key`. */
export async function signedClaim(pkg: string, version: string, component: Uint8Array, key: HubKeyPair, range: string | null = null) {
  const manifest = hubManifest(pkg, version);
  const bundle = await signPackage({ manifest, artifactDigest: createHash("sha256").update(component).digest("hex"), privateKeyPem: key.privateKeyPem });
  return { package: pkg, range, bundle, publicKeyPem: key.publicKeyPem, manifest };
}

export { generateKeyPair };
