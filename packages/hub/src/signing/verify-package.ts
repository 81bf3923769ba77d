import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { bundleFromJSON, isBundleWithDsseEnvelope, type Bundle } from "@sigstore/bundle";
import { Verifier, toSignedEntity, toTrustMaterial } from "@sigstore/verify";
import { manifestDigest as digestOfManifest, type HubManifest } from "../manifest/index.js";
import { formatRef } from "../names/index.js";
import { idOf } from "./keys.js";
import { PAYLOAD_TYPE, packageStatementSchema } from "./statement.js";

export interface TrustedKey {
  readonly keyId: string;
  readonly publicKeyPem: string;
}

export type VerifyFailureReason = "malformed" | "unknown-key" | "bad-signature" | "digest-mismatch" | "manifest-mismatch" | "subject-mismatch";

export type VerifyResult = { readonly ok: true; readonly keyId: string } | { readonly ok: false; readonly reason: VerifyFailureReason; readonly message: string };

export interface VerifyPackageInput {
  readonly bundle: unknown;
  readonly manifest: HubManifest;
  readonly artifact: Uint8Array;
  /** The keys allowed to sign this package: the owning group's registered, unrevoked keys. */
  readonly trustedKeys: readonly TrustedKey[];
}

export interface VerifyDigestInput {
  readonly bundle: unknown;
  /** `group/name@version`: the subject the signature must name. */
  readonly ref: string;
  readonly artifactDigest: string;
  /** When given, the signed manifest digest must equal it. */
  readonly manifestDigest?: string;
  readonly trustedKeys: readonly TrustedKey[];
}

/** Checks a package's signature against the bytes and manifest at hand, computing both digests itself. */
export function verifyPackage({ bundle, manifest, artifact, trustedKeys }: VerifyPackageInput): VerifyResult {
  const artifactDigest = createHash("sha256").update(artifact).digest("hex");
  return verifyBundleForDigest({ bundle, ref: formatRef(manifest), artifactDigest, manifestDigest: digestOfManifest(manifest), trustedKeys });
}

/**
 * Checks a package's signature for callers holding only digests. The signature is checked before
 * anything the payload says is believed; then the subject, the manifest and the artifact, so the
 * refusal names the first thing that differs from what was signed.
 */
export function verifyBundleForDigest({ bundle: json, ref, artifactDigest, manifestDigest, trustedKeys }: VerifyDigestInput): VerifyResult {
  const group = ref.split("/")[0] ?? ref;
  const bundle = readBundle(json);
  if (bundle === null) return failure("malformed", `The signature of ${ref} is not a key-signed Sigstore bundle.`);
  const keyId = bundle.verificationMaterial.content.$case === "publicKey" ? bundle.verificationMaterial.content.publicKey.hint : "";
  const key = trustedKeys.map(toKeyObject).find((candidate) => candidate?.keyId === keyId);
  if (key === undefined) return failure("unknown-key", `${ref} is signed by key ${keyId === "" ? "(none named)" : keyId}, which is not a key of group ${group}.`);
  if (!signatureVerifies(bundle, key.publicKey)) return failure("bad-signature", `The signature of ${ref} does not verify with key ${keyId}: it was changed or made with another key.`);
  const statement = readStatement(bundle);
  if (statement === null) return failure("malformed", `The signature of ${ref} does not carry a Freshet package statement.`);
  const [subject] = statement.subject;
  if (subject.name !== ref) return failure("subject-mismatch", `The signature is for ${subject.name}, not ${ref}.`);
  if (manifestDigest !== undefined && statement.predicate.manifestDigest !== manifestDigest) {
    return failure("manifest-mismatch", `The manifest of ${ref} does not match its signed digest: it was changed after signing.`);
  }
  if (subject.digest.sha256 !== artifactDigest) return failure("digest-mismatch", `The artifact of ${ref} does not match its signed digest: it was changed after signing.`);
  return { ok: true, keyId };
}

function failure(reason: VerifyFailureReason, message: string): VerifyResult {
  return { ok: false, reason, message };
}

type DsseBundle = Bundle & { content: { $case: "dsseEnvelope" } };

function readBundle(json: unknown): DsseBundle | null {
  try {
    const bundle = bundleFromJSON(json);
    return isBundleWithDsseEnvelope(bundle) && bundle.content.dsseEnvelope.payloadType === PAYLOAD_TYPE ? bundle : null;
  } catch {
    return null;
  }
}

/** A trusted key as the verifier uses it; a key whose PEM does not parse, or whose id is not its own, trusts nothing. */
function toKeyObject(key: TrustedKey): { keyId: string; publicKey: KeyObject } | undefined {
  try {
    const publicKey = createPublicKey(key.publicKeyPem);
    return idOf(publicKey) === key.keyId ? { keyId: key.keyId, publicKey } : undefined;
  } catch {
    return undefined;
  }
}

/** No certificate authority, transparency log or timestamp authority: the key alone vouches, so every threshold is 0. */
const EMPTY_TRUSTED_ROOT: Parameters<typeof toTrustMaterial>[0] = {
  mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

function signatureVerifies(bundle: DsseBundle, publicKey: KeyObject): boolean {
  const trust = toTrustMaterial(EMPTY_TRUSTED_ROOT, () => ({ publicKey, validFor: () => true }));
  try {
    new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(bundle));
    return true;
  } catch {
    return false;
  }
}

function readStatement(bundle: DsseBundle) {
  try {
    const parsed = packageStatementSchema.safeParse(JSON.parse(bundle.content.dsseEnvelope.payload.toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
