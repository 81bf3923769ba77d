import semver from "semver";
import type { HubProvenance } from "@freshet/client/admin/smartmodules";
import { parseManifest, type HubManifest } from "@freshet/hub/manifest";
import { UserError } from "../errors/user-error.js";
import { callHub, createHubApi, type HubTarget, type ResolvedPackage } from "./hub-api.js";
import { downloadArtifact } from "./hub-http.js";

export interface PackageQuery {
  readonly group: string;
  readonly name: string;
  readonly range: string;
}

/** A package version whose bytes were checked against its signature, ready to write or load. */
export interface VerifiedPackage {
  readonly resolved: ResolvedPackage;
  /** The manifest the signature covers, checked. */
  readonly manifest: HubManifest;
  readonly artifact: Uint8Array;
  /** The version as `group/name@version`. */
  readonly ref: string;
}

/**
 * Resolves `range` on the Hub, downloads that version and checks it against its signature with
 * the key the Hub names for it: bytes changed anywhere between the signer and here are refused.
 */
export async function fetchVerifiedPackage(target: HubTarget, query: PackageQuery): Promise<VerifiedPackage> {
  const api = createHubApi(target);
  const resolved = await callHub(target, () => api.hub.resolve.query(query));
  const artifact = await downloadArtifact(target.apiUrl, resolved.artifactPath, target.bearer);
  // Sigstore's libraries load here only: every other command would pay for them at start.
  const { verifyPackage } = await import("@freshet/hub/signing");
  const manifest = parseManifest(resolved.manifest);
  if (!manifest.ok) throw new UserError(`the Hub's manifest of ${query.group}/${query.name}@${resolved.version} is not one this CLI understands: ${manifest.message}`);
  const verdict = await verifyPackage({
    bundle: resolved.bundle,
    manifest: manifest.value,
    artifact,
    trustedKeys: [{ keyId: resolved.keyId, publicKeyPem: resolved.publicKeyPem }],
  });
  if (!verdict.ok) throw new UserError(verdict.message);
  return { resolved, manifest: manifest.value, artifact, ref: `${query.group}/${query.name}@${resolved.version}` };
}

/**
 * What the cluster records beside a module loaded from the Hub, and checks again before storing it.
 * An exact version is recorded as no range: `sm update` leaves a pinned module where it is.
 */
export function provenanceOf(pkg: VerifiedPackage, query: PackageQuery): HubProvenance {
  return {
    package: `${query.group}/${query.name}`,
    range: semver.valid(query.range) === null ? query.range : null,
    bundle: pkg.resolved.bundle,
    publicKeyPem: pkg.resolved.publicKeyPem,
    manifest: pkg.manifest,
  };
}
