/*
 * The CLI's own signature check, against a stand-in for the API: the Hub's resolve answer and the
 * artifact route, serving bytes other than the signed ones. (The real API refuses a blob changed
 * on its disk itself; this is the check that catches bytes changed anywhere after it.)
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseManifest, type HubManifest } from "@freshet/hub/manifest";
import { generateKeyPair, signPackage } from "@freshet/hub/signing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchVerifiedPackage, provenanceOf } from "./fetch-package.js";

const artifact = new Uint8Array(Buffer.from("\0asm component bytes"));
let served = artifact;
let server: Server;
let apiUrl: string;
let resolved: Record<string, unknown>;

beforeAll(async () => {
  const manifest = parseManifest({
    group: "acme",
    name: "hot",
    version: "1.2.0",
    kind: "smartmodule",
    description: "keeps hot readings",
    license: "MIT",
    keywords: [],
    visibility: "public",
    smartmodule: { world: "freshet:smartmodule/smartmodule@0.1.0", moduleKind: "filter", parameters: {} },
  });
  if (!manifest.ok) throw new Error(manifest.message);
  const keys = generateKeyPair();
  const digest = createHash("sha256").update(artifact).digest("hex");
  const bundle = await signPackage({ manifest: manifest.value as HubManifest, artifactDigest: digest, privateKeyPem: keys.privateKeyPem });
  const artifactPath = "/api/hub/packages/acme/hot/1.2.0/artifact";
  resolved = { version: "1.2.0", digest, sizeBytes: artifact.byteLength, manifest: manifest.value, bundle, publicKeyPem: keys.publicKeyPem, keyId: keys.keyId, yanked: null, artifactPath };
  server = createServer((req, res) => {
    if (req.url?.startsWith("/api/trpc/hub.resolve")) {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify([{ result: { data: resolved } }]));
    }
    if (req.url === artifactPath) {
      res.writeHead(200, { "content-type": "application/wasm" });
      return void res.end(Buffer.from(served));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const target = () => ({ apiUrl, bearer: null, publishKey: null });
const query = { group: "acme", name: "hot", range: "^1.2" };

describe("fetchVerifiedPackage", () => {
  it("returns the bytes when they are the signed ones, and the provenance the cluster checks again", async () => {
    served = artifact;
    const pkg = await fetchVerifiedPackage(target(), query);
    expect(pkg.ref).toBe("acme/hot@1.2.0");
    expect(pkg.artifact).toEqual(artifact);
    expect(provenanceOf(pkg, query)).toEqual({ package: "acme/hot", range: "^1.2", bundle: resolved["bundle"], publicKeyPem: resolved["publicKeyPem"], manifest: resolved["manifest"] });
    expect(provenanceOf(pkg, { ...query, range: "1.2.0" }).range).toBeNull();
  });

  it("refuses bytes changed after signing, with the Hub's sentence", async () => {
    served = new Uint8Array([...artifact.slice(0, -1), 0x21]);
    await expect(fetchVerifiedPackage(target(), query)).rejects.toMatchObject({
      name: "UserError",
      message: expect.stringMatching(/^The artifact of acme\/hot@1\.2\.0 does not match its signed digest/) as string,
    });
  });
});
