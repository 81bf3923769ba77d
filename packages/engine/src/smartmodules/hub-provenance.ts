import { digestOf } from "@freshet/smartmodule/host/digest";
import { z } from "zod";

/**
 * Where a module loaded from the hub came from, kept with its registry entry:
 * the package (`group/name`), the range it was installed by (null for an exact
 * version), the key that signed it and the digest the signature covers.
 */
export interface ModuleProvenance {
  readonly package: string;
  readonly range: string | null;
  readonly keyId: string;
  readonly digest: string;
}

export const moduleProvenanceSchema: z.ZodType<ModuleProvenance> = z.object({
  package: z.string(),
  range: z.string().nullable(),
  keyId: z.string(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});

/** What a load from the hub claims (LoadSmartModule v1's `provenance`, JSON): the signature and the key to check it with. */
const claimSchema = z.object({
  package: z.string(),
  range: z.string().nullable(),
  bundle: z.unknown(),
  publicKeyPem: z.string(),
  manifest: z.unknown(),
});

export type ProvenanceResult = { readonly ok: true; readonly value: ModuleProvenance } | { readonly ok: false; readonly message: string };

/** Checks a load's provenance claim against the component about to be stored (the hub's signing rules by default). */
export type ProvenanceVerifier = (claim: string, load: { readonly name: string; readonly version: string; readonly component: Uint8Array }) => Promise<ProvenanceResult>;

/**
 * The default verifier: the claim must name the module being loaded, its manifest
 * must be the package's at this version, and its signature (a Sigstore bundle
 * checked offline) must cover these component bytes under the given key. The
 * sentence of a refusal is the hub's own (verifyPackage), so users read one
 * wording wherever a signature fails.
 */
export const verifyHubProvenance: ProvenanceVerifier = async (claimText, { name, version, component }) => {
  const ref = `${name}@${version}`;
  let json: unknown;
  try {
    json = JSON.parse(claimText);
  } catch {
    return { ok: false, message: `The hub provenance of ${ref} is not valid JSON.` };
  }
  const claim = claimSchema.safeParse(json);
  if (!claim.success) return { ok: false, message: `The hub provenance of ${ref} lacks its package, range, signature bundle, public key or manifest.` };
  const { package: pkg, range, bundle, publicKeyPem, manifest: manifestJson } = claim.data;
  if (pkg !== name) return { ok: false, message: `A SmartModule from the hub is loaded under its package's name: ${pkg}, not ${name}.` };
  // Loaded on first use: sigstore is a sizeable import that a broker without hub modules never needs.
  const [{ parseManifest }, { keyIdOf, verifyPackage }] = await Promise.all([import("@freshet/hub/manifest"), import("@freshet/hub/signing")]);
  const manifest = parseManifest(manifestJson);
  if (!manifest.ok) return { ok: false, message: manifest.message };
  const { group, name: packageName, version: manifestVersion, kind } = manifest.value;
  if (`${group}/${packageName}@${manifestVersion}` !== ref) return { ok: false, message: `The signed manifest is for ${group}/${packageName}@${manifestVersion}, not ${ref}.` };
  if (kind !== "smartmodule") return { ok: false, message: `${group}/${packageName}@${manifestVersion} is a ${kind}, not a SmartModule.` };
  let keyId: string;
  try {
    keyId = keyIdOf(publicKeyPem);
  } catch {
    return { ok: false, message: `The public key given for ${ref} is not a valid Ed25519 key.` };
  }
  const verified = await verifyPackage({ bundle, manifest: manifest.value, artifact: component, trustedKeys: [{ keyId, publicKeyPem }] });
  if (!verified.ok) return { ok: false, message: verified.message };
  return { ok: true, value: { package: pkg, range, keyId: verified.keyId, digest: digestOf(component) } };
};
