import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

export interface HubKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly keyId: string;
}

/** A publisher's signing key: Ed25519, small and deterministic, which Sigstore bundles carry as a plain public key. */
export function generateKeyPair(): HubKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519", { publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, keyId: keyIdOf(publicKey) };
}

/** A key's id: the first 32 hex characters of the sha256 of its SPKI DER, so any PEM spelling of one key has one id. */
export function keyIdOf(publicKeyPem: string): string {
  return idOf(createPublicKey(publicKeyPem));
}

/** Why `publicKeyPem` cannot be a hub key, as one sentence, or null when it is an Ed25519 public key. */
export function publicKeyProblem(publicKeyPem: string): string | null {
  // createPublicKey accepts a private key too (it derives the public half), so the PEM's label decides.
  if (publicKeyPem.includes("PRIVATE KEY")) return "The key is a private key: register only the public key, and keep the private key secret.";
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return "The key is not a PEM public key: paste the text from -----BEGIN PUBLIC KEY----- to -----END PUBLIC KEY-----.";
  }
  if (key.asymmetricKeyType !== "ed25519") return `The key is not an Ed25519 key (it is ${key.asymmetricKeyType ?? "unknown"}); freshet hub keygen makes one.`;
  return null;
}

export function idOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex")
    .slice(0, 32);
}
