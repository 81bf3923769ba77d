import { createPrivateKey, createPublicKey, sign } from "node:crypto";
import { bundleToJSON, type SerializedBundle } from "@sigstore/bundle";
import { DSSEBundleBuilder, type Signer } from "@sigstore/sign";
import { manifestDigest, type HubManifest } from "../manifest/index.js";
import { formatRef } from "../names/index.js";
import { idOf } from "./keys.js";
import { PAYLOAD_TYPE, packageStatement } from "./statement.js";

/** A package signature: a Sigstore bundle (v0.3, DSSE envelope, public-key hint) in its JSON form. */
export type SignatureBundle = SerializedBundle;

export interface SignPackageInput {
  readonly manifest: HubManifest;
  /** sha256 (lowercase hex) of the artifact's bytes. */
  readonly artifactDigest: string;
  readonly privateKeyPem: string;
}

/**
 * Signs a package offline: a standard Sigstore bundle whose key is named by its hint (the key id),
 * without Fulcio or Rekor, so a transparency log can be added later without changing the format.
 */
export async function signPackage({ manifest, artifactDigest, privateKeyPem }: SignPackageInput): Promise<SignatureBundle> {
  const privateKey = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const signer: Signer = {
    sign: (data) =>
      Promise.resolve({
        // Ed25519 signs the message itself: no separate digest algorithm (hence null).
        signature: sign(null, data, privateKey),
        key: { $case: "publicKey", publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(), hint: idOf(publicKey) },
      }),
  };
  const statement = packageStatement(formatRef(manifest), artifactDigest, manifestDigest(manifest));
  const bundle = await new DSSEBundleBuilder({ signer, witnesses: [] }).create({ data: Buffer.from(JSON.stringify(statement), "utf8"), type: PAYLOAD_TYPE });
  return bundleToJSON(bundle);
}
