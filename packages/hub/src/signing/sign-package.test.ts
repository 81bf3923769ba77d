import { createHash, generateKeyPairSync, sign } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signedTestPackage, smartModuleManifest } from "../test-support/test-packages.js";
import { generateKeyPair, keyIdOf, publicKeyProblem, signPackage, verifyBundleForDigest, verifyPackage, type SignatureBundle } from "./index.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const artifact = new TextEncoder().encode("\0asm component bytes");
const manifest = smartModuleManifest();
const acme = generateKeyPair();
const other = generateKeyPair();

async function signed(privateKeyPem = acme.privateKeyPem, bytes = artifact, signedManifest = manifest): Promise<SignatureBundle> {
  return signPackage({ manifest: signedManifest, artifactDigest: sha256(bytes), privateKeyPem });
}

/** The bundle with its DSSE payload replaced, keeping the original signature. */
function withPayload(bundle: SignatureBundle, payload: object): SignatureBundle {
  const json = structuredClone(bundle) as unknown as { dsseEnvelope: { payload: string } };
  json.dsseEnvelope.payload = Buffer.from(JSON.stringify(payload)).toString("base64");
  return json as unknown as SignatureBundle;
}

function payloadOf(bundle: SignatureBundle): { subject: { name: string; digest: { sha256: string } }[]; predicate: { manifestDigest: string } } {
  const json = bundle as unknown as { dsseEnvelope: { payload: string } };
  return JSON.parse(Buffer.from(json.dsseEnvelope.payload, "base64").toString("utf8")) as ReturnType<typeof payloadOf>;
}

describe("keys", () => {
  it("names a key by the sha256 of its SPKI DER, whatever the PEM's spelling", () => {
    expect(acme.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(keyIdOf(acme.publicKeyPem)).toBe(acme.keyId);
    expect(keyIdOf(`\n${acme.publicKeyPem.replace(/\n/g, "\r\n")}\n`)).toBe(acme.keyId);
    expect(other.keyId).not.toBe(acme.keyId);
  });

  it("accepts only Ed25519 public keys, each refusal in one sentence", () => {
    expect(publicKeyProblem(acme.publicKeyPem)).toBeNull();
    expect(publicKeyProblem("hello")).toMatch(/^The key is not a PEM public key/);
    expect(publicKeyProblem(acme.privateKeyPem)).toMatch(/^The key is a private key/);
    const p256 = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
    expect(publicKeyProblem(p256.publicKey)).toBe("The key is not an Ed25519 key (it is ec); freshet hub keygen makes one.");
  });
});

describe("signPackage and verifyPackage", () => {
  it("makes a Sigstore v0.3 DSSE bundle over an in-toto statement naming the package, its artifact and manifest digests", async () => {
    const bundle = await signed();
    expect(bundle).toMatchObject({
      mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
      verificationMaterial: { publicKey: { hint: acme.keyId } },
      dsseEnvelope: { payloadType: "application/vnd.in-toto+json" },
    });
    expect(payloadOf(bundle)).toMatchObject({
      _type: "https://in-toto.io/Statement/v1",
      predicateType: "https://freshet.io/hub/package/v1",
      subject: [{ name: "acme/hot@1.2.0", digest: { sha256: sha256(artifact) } }],
    });
  });

  it("verifies after a JSON round trip, as stored in a database row", async () => {
    const bundle = JSON.parse(JSON.stringify(await signed())) as unknown;
    expect(verifyPackage({ bundle, manifest, artifact, trustedKeys: [other, acme] })).toEqual({ ok: true, keyId: acme.keyId });
  });

  it("verifies any artifact it signed and refuses it with any byte changed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (bytes, at, flip) => {
        const bundle = await signed(acme.privateKeyPem, bytes);
        expect(verifyPackage({ bundle, manifest, artifact: bytes, trustedKeys: [acme] })).toEqual({ ok: true, keyId: acme.keyId });
        const tampered = Uint8Array.from(bytes);
        const index = at % tampered.length;
        tampered[index] = (tampered[index] ?? 0) ^ flip;
        expect(verifyPackage({ bundle, manifest, artifact: tampered, trustedKeys: [acme] })).toMatchObject({ ok: false, reason: "digest-mismatch" });
      }),
      { numRuns: 30 },
    );
  });

  it("refuses a changed artifact with the contract's sentence", async () => {
    const result = verifyPackage({ bundle: await signed(), manifest, artifact: new TextEncoder().encode("evil"), trustedKeys: [acme] });
    expect(result).toEqual({ ok: false, reason: "digest-mismatch", message: "The artifact of acme/hot@1.2.0 does not match its signed digest: it was changed after signing." });
  });

  it("refuses a signature by a key the group does not have", async () => {
    const result = verifyPackage({ bundle: await signed(other.privateKeyPem), manifest, artifact, trustedKeys: [acme] });
    expect(result).toEqual({ ok: false, reason: "unknown-key", message: `acme/hot@1.2.0 is signed by key ${other.keyId}, which is not a key of group acme.` });
    expect(verifyPackage({ bundle: await signed(), manifest, artifact, trustedKeys: [] })).toMatchObject({ reason: "unknown-key" });
  });

  it("refuses a trusted key listed under an id that is not its own", async () => {
    const mislabelled = { keyId: acme.keyId, publicKeyPem: other.publicKeyPem };
    expect(verifyPackage({ bundle: await signed(), manifest, artifact, trustedKeys: [mislabelled] })).toMatchObject({ ok: false, reason: "unknown-key" });
  });

  it("refuses a signature made with another key that claims a trusted key's id", async () => {
    const forged = structuredClone(await signed(other.privateKeyPem)) as unknown as { verificationMaterial: { publicKey: { hint: string } } };
    forged.verificationMaterial.publicKey.hint = acme.keyId;
    const result = verifyPackage({ bundle: forged, manifest, artifact, trustedKeys: [acme] });
    expect(result).toEqual({ ok: false, reason: "bad-signature", message: `The signature of acme/hot@1.2.0 does not verify with key ${acme.keyId}: it was changed or made with another key.` });
  });

  it("refuses a payload changed after signing, even one naming the new bytes", async () => {
    const bundle = await signed();
    const evil = new TextEncoder().encode("evil");
    const payload = payloadOf(bundle);
    const rewritten = { ...payload, subject: [{ name: "acme/hot@1.2.0", digest: { sha256: sha256(evil) } }] };
    expect(verifyPackage({ bundle: withPayload(bundle, rewritten), manifest, artifact: evil, trustedKeys: [acme] })).toMatchObject({ ok: false, reason: "bad-signature" });
  });

  it("refuses a manifest changed after signing", async () => {
    const result = verifyPackage({ bundle: await signed(), manifest: { ...manifest, description: "Now exfiltrates readings." }, artifact, trustedKeys: [acme] });
    expect(result).toEqual({ ok: false, reason: "manifest-mismatch", message: "The manifest of acme/hot@1.2.0 does not match its signed digest: it was changed after signing." });
  });

  it("refuses a signature for another package or version", async () => {
    const result = verifyPackage({ bundle: await signed(), manifest: { ...manifest, version: "1.3.0" }, artifact, trustedKeys: [acme] });
    expect(result).toEqual({ ok: false, reason: "subject-mismatch", message: "The signature is for acme/hot@1.2.0, not acme/hot@1.3.0." });
  });

  it("refuses what is not a key-signed package bundle as malformed", async () => {
    for (const bundle of [null, "x", {}, { mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json" }]) {
      expect(verifyPackage({ bundle, manifest, artifact, trustedKeys: [acme] })).toEqual({
        ok: false,
        reason: "malformed",
        message: "The signature of acme/hot@1.2.0 is not a key-signed Sigstore bundle.",
      });
    }
    const wrongType = structuredClone(await signed()) as unknown as { dsseEnvelope: { payloadType: string } };
    wrongType.dsseEnvelope.payloadType = "text/plain";
    expect(verifyPackage({ bundle: wrongType, manifest, artifact, trustedKeys: [acme] })).toMatchObject({ reason: "malformed" });
  });

  it("refuses a correctly signed payload that is not a package statement", async () => {
    const bundle = await signed();
    const statement = { _type: "https://in-toto.io/Statement/v1", predicateType: "https://slsa.dev/provenance/v1", subject: [], predicate: {} };
    const payload = Buffer.from(JSON.stringify(statement));
    const preAuth = Buffer.concat([Buffer.from(`DSSEv1 28 application/vnd.in-toto+json ${String(payload.length)} `), payload]);
    const json = structuredClone(bundle) as unknown as { dsseEnvelope: { payload: string; signatures: { sig: string }[] } };
    json.dsseEnvelope.payload = payload.toString("base64");
    json.dsseEnvelope.signatures[0]!.sig = sign(null, preAuth, acme.privateKeyPem).toString("base64");
    expect(verifyPackage({ bundle: json, manifest, artifact, trustedKeys: [acme] })).toEqual({
      ok: false,
      reason: "malformed",
      message: "The signature of acme/hot@1.2.0 does not carry a Freshet package statement.",
    });
  });
});

describe("verifyBundleForDigest", () => {
  it("checks digests a caller already holds, the manifest's only when given", async () => {
    const bundle = await signed();
    const input = { bundle, ref: "acme/hot@1.2.0", artifactDigest: sha256(artifact), trustedKeys: [acme] };
    expect(verifyBundleForDigest(input)).toEqual({ ok: true, keyId: acme.keyId });
    expect(verifyBundleForDigest({ ...input, manifestDigest: "0".repeat(64) })).toMatchObject({ ok: false, reason: "manifest-mismatch" });
    expect(verifyBundleForDigest({ ...input, artifactDigest: "0".repeat(64) })).toMatchObject({ ok: false, reason: "digest-mismatch" });
  });
});

describe("signedTestPackage", () => {
  it("makes a package that verifies with its own key", async () => {
    const pkg = await signedTestPackage({ manifest: smartModuleManifest({ version: "2.0.0" }) });
    expect(verifyPackage({ bundle: pkg.bundle, manifest: pkg.manifest, artifact: pkg.artifact, trustedKeys: [pkg.keys] })).toEqual({ ok: true, keyId: pkg.keys.keyId });
    expect(pkg.artifactDigest).toBe(sha256(pkg.artifact));
  });
});
