import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { digestOf } from "@freshet/smartmodule/host/compile-node";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileRegistry } from "./file-registry.js";
import { generateKeyPair, signedClaim } from "./test-support/signed-load.js";

let component: Uint8Array;
const dirs: string[] = [];
const key = generateKeyPair();

async function freshRegistry(): Promise<{ dir: string; registry: FileRegistry }> {
  const dir = await mkdtemp(join(tmpdir(), "freshet-sm-provenance-"));
  dirs.push(dir);
  return { dir, registry: await FileRegistry.open(dir) };
}

beforeAll(async () => {
  component = (await buildSmartModule(examplePath("json-filter"))).wasm;
}, 180_000);

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("a hub load's provenance in the file registry", () => {
  it("keeps a verified load's package, range, key and digest, across a reopen", async () => {
    const { dir, registry } = await freshRegistry();
    const claim = await signedClaim("acme/hot", "1.0.0", component, key, "^1.0");
    const loaded = await registry.load("acme/hot", "1.0.0", component, JSON.stringify(claim));
    const provenance = { package: "acme/hot", range: "^1.0", keyId: key.keyId, digest: digestOf(component) };
    expect(loaded).toMatchObject({ ok: true, value: { name: "acme/hot", version: "1.0.0", provenance } });
    const reopened = await FileRegistry.open(dir);
    expect((await reopened.resolve("acme/hot", null)).ok && (await reopened.resolve("acme/hot", null))).toMatchObject({ value: { entry: { provenance } } });
  });

  it("refuses a tampered component with the hub's sentence and stores nothing", async () => {
    const { dir, registry } = await freshRegistry();
    const claim = await signedClaim("acme/hot", "1.0.0", component, key);
    const tampered = component.slice();
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0x01;
    const refused = await registry.load("acme/hot", "1.0.0", tampered, JSON.stringify(claim));
    expect(refused).toEqual({ ok: false, error: { errorName: "INVALID_REQUEST", message: expect.stringMatching(/^The artifact of acme\/hot@1\.0\.0 does not match its signed digest/) } });
    expect(await registry.list()).toEqual({ ok: true, value: [] });
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a signature by another key than the one given, a claim for another module, and a claim that is not one", async () => {
    const { registry } = await freshRegistry();
    const other = generateKeyPair();
    const signedByOther = { ...(await signedClaim("acme/hot", "1.0.0", component, other)), publicKeyPem: key.publicKeyPem };
    const unknown = await registry.load("acme/hot", "1.0.0", component, JSON.stringify(signedByOther));
    expect(unknown).toMatchObject({ ok: false, error: { errorName: "INVALID_REQUEST", message: expect.stringContaining(other.keyId.slice(0, 4)) } });
    const claim = await signedClaim("acme/hot", "1.0.0", component, key);
    expect(await registry.load("acme/cold", "1.0.0", component, JSON.stringify(claim))).toEqual({
      ok: false,
      error: { errorName: "INVALID_REQUEST", message: "A SmartModule from the hub is loaded under its package's name: acme/hot, not acme/cold." },
    });
    expect(await registry.load("acme/hot", "1.0.1", component, JSON.stringify(claim))).toEqual({
      ok: false,
      error: { errorName: "INVALID_REQUEST", message: "The signed manifest is for acme/hot@1.0.0, not acme/hot@1.0.1." },
    });
    expect(await registry.load("acme/hot", "1.0.0", component, "{")).toEqual({
      ok: false,
      error: { errorName: "INVALID_REQUEST", message: "The hub provenance of acme/hot@1.0.0 is not valid JSON." },
    });
    expect(await registry.list()).toEqual({ ok: true, value: [] });
  });

  it("still loads without provenance, with none listed", async () => {
    const { registry } = await freshRegistry();
    expect(await registry.load("acme/hot", "0.9.0", component)).toMatchObject({ ok: true, value: { name: "acme/hot", provenance: null } });
  });
});
