/** A version of a hub package as an install or update needs it: what to load and how to prove where it came from. */
export interface ResolvedHubVersion {
  readonly version: string;
  /** sha256 hex of the artifact, as signed. */
  readonly digest: string;
  /** The manifest as published (HubManifest JSON). */
  readonly manifest: unknown;
  /** The Sigstore bundle over the package's statement. */
  readonly bundle: unknown;
  /** The publisher's Ed25519 public key (PEM) and its id. */
  readonly publicKeyPem: string;
  readonly keyId: string;
}

/**
 * What updating a cluster's hub modules reads from the hub: the newest version a
 * range allows (never a yanked one unless the range is that exact version; null
 * when none matches or the package is gone) and a version's artifact bytes. The
 * database-backed reader is prisma-hub-reader.ts; tests pass one held in memory.
 */
export interface HubReader {
  resolve(pkg: string, range: string): Promise<ResolvedHubVersion | null>;
  artifact(pkg: string, version: string): Promise<Uint8Array>;
}
