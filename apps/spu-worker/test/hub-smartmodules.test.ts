/*
 * SmartModules from the hub on real brokers (the built spu-worker): a signed load is verified by
 * the broker that stores it (a standalone broker, or the controller behind an SPU), its provenance
 * is kept with the entry (across a restart, and listed through every SPU), and a load whose
 * signature fails stores nothing. Chains name hub modules as group/name.
 */
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import type { HubProvenance } from "@freshet/client/admin/smartmodules";
import type { HubManifest } from "@freshet/hub/manifest";
import { generateKeyPair, signPackage, type HubKeyPair } from "@freshet/hub/signing";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./support/cluster.js";
import { makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let component: Uint8Array;
let digest: string;
const key = generateKeyPair();

function manifestOf(pkg: string, version: string): HubManifest {
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
    smartmodule: { world: "freshet:smartmodule/smartmodule@0.1.0", moduleKind: "filter", parameters: {} },
  };
}

async function provenance(pkg: string, version: string, range: string | null, signer: HubKeyPair = key): Promise<HubProvenance> {
  const manifest = manifestOf(pkg, version);
  const bundle = await signPackage({ manifest, artifactDigest: digest, privateKeyPem: signer.privateKeyPem });
  return { package: pkg, range, bundle, publicKeyPem: key.publicKeyPem, manifest };
}

/** The component with one byte flipped, as a changed blob in the hub's storage would be. */
function tampered(): Uint8Array {
  const bytes = component.slice();
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = bytes[middle]! ^ 0x01;
  return bytes;
}

const chain = (steps: string[]) => JSON.stringify(steps.map((module) => ({ module, params: { field: "k", value: "v" } })));

beforeAll(async () => {
  component = (await buildSmartModule(examplePath("json-filter"))).wasm;
  digest = createHash("sha256").update(component).digest("hex");
}, 180_000);

describe("hub SmartModules on a standalone broker", () => {
  let dataDir: string;
  let spu: SpuProcess;
  let client: FreshetClient;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    spu = await startSpu({ dataDir });
    client = createClient({ bootstrap: spu.bootstrap, clientId: "hub-sm" });
  });

  afterAll(async () => {
    await client?.close();
    await spu?.stop();
    await removeDataDir(dataDir);
  });

  it("accepts a signed load as group/name, lists its provenance, keeps it across a restart, and runs it in a chain", async () => {
    const loaded = await client.admin.loadSmartModule("acme/hot", "1.0.0", component, { provenance: await provenance("acme/hot", "1.0.0", "^1.0") });
    expect(loaded).toMatchObject({ name: "acme/hot", version: "1.0.0", digest, provenance: { package: "acme/hot", range: "^1.0", keyId: key.keyId } });
    expect(await client.admin.listSmartModules()).toEqual([loaded]);

    await client.close();
    expect(await spu.stop()).toBe(0);
    spu = await startSpu({ dataDir });
    client = createClient({ bootstrap: spu.bootstrap, clientId: "hub-sm" });
    expect(await client.admin.listSmartModules()).toEqual([loaded]);

    // A topic chain naming the hub module, with and without its version, resolves on the broker.
    await client.admin.createTopics([{ name: "hot-readings", partitions: 1, configs: { "freshet.smartmodules": chain(["acme/hot", "acme/hot@1.0.0"]) } }]);
    await client.producer().send("hot-readings", [{ value: JSON.stringify({ k: "v" }) }, { value: JSON.stringify({ k: "w" }) }]);
    const kept: string[] = [];
    for await (const record of client.consume({ topic: "hot-readings", start: { kind: "beginning" }, exitAtEnd: true })) kept.push(new TextDecoder().decode(record.value ?? new Uint8Array()));
    expect(kept).toEqual([JSON.stringify({ k: "v" })]);
    // A dataflow step fetches it by the same name.
    expect((await client.admin.fetchSmartModule("acme/hot")).info).toEqual(loaded);
  });

  it("refuses a tampered component with the original signature, and a signature by another key, storing nothing", async () => {
    const before = await readdir(join(dataDir, "smartmodules", "blobs"));
    await expect(client.admin.loadSmartModule("acme/hot", "1.1.0", tampered(), { provenance: await provenance("acme/hot", "1.1.0", "^1.0") })).rejects.toThrow(
      /^load SmartModule acme\/hot@1\.1\.0 \(The artifact of acme\/hot@1\.1\.0 does not match its signed digest[^)]*\): INVALID_REQUEST/,
    );
    const other = generateKeyPair();
    await expect(client.admin.loadSmartModule("acme/hot", "1.1.0", component, { provenance: await provenance("acme/hot", "1.1.0", "^1.0", other) })).rejects.toThrow(
      new RegExp(`^load SmartModule acme/hot@1\\.1\\.0 \\([^)]*${other.keyId.slice(0, 4)}[^)]*\\): INVALID_REQUEST`),
    );
    expect((await client.admin.listSmartModules()).map((m) => `${m.name}@${m.version}`)).toEqual(["acme/hot@1.0.0"]);
    expect(await readdir(join(dataDir, "smartmodules", "blobs"))).toEqual(before);
  });

  it("still loads without provenance, under a plain name or group/name", async () => {
    expect(await client.admin.loadSmartModule("acme/hot", "0.9.0", tampered())).toMatchObject({ name: "acme/hot", version: "0.9.0", provenance: null });
    expect(await client.admin.loadSmartModule("json-filter", "0.1.0", component)).toMatchObject({ name: "json-filter", provenance: null });
    await expect(client.admin.loadSmartModule("acme/hot/x", "1.0.0", component)).rejects.toThrow(/SmartModule name 'acme\/hot\/x' must be group\/name/);
  });
});

describe("hub SmartModules in a cluster", () => {
  let cluster: TestCluster;
  const clients: FreshetClient[] = [];
  const clientOf = (spuId: number) => {
    const client = createClient({ bootstrap: cluster.addressOf(spuId), clientId: `hub-sm-${spuId}` });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    cluster = await TestCluster.start({ spus: 2 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await cluster?.cleanup();
  });

  it("verifies on the controller: a signed load through one SPU is listed with its provenance through the other, a tampered one is refused", async () => {
    const viaFirst = clientOf(0);
    const viaSecond = clientOf(1);
    const loaded = await viaFirst.admin.loadSmartModule("acme/hot", "1.0.0", component, { provenance: await provenance("acme/hot", "1.0.0", null) });
    expect(loaded.provenance).toEqual({ package: "acme/hot", range: null, keyId: key.keyId });
    expect(await viaSecond.admin.listSmartModules()).toEqual([loaded]);
    await expect(viaSecond.admin.loadSmartModule("acme/hot", "1.1.0", tampered(), { provenance: await provenance("acme/hot", "1.1.0", null) })).rejects.toThrow(
      /The artifact of acme\/hot@1\.1\.0 does not match its signed digest[^)]*\): INVALID_REQUEST/,
    );
    expect(await viaFirst.admin.listSmartModules()).toEqual([loaded]);
    expect(await readdir(join(cluster.root, "sc", "smartmodules", "blobs"))).toEqual([`${digest}.wasm`]);
  });
});
