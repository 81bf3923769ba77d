import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { digestOf } from "@freshet/smartmodule/host/compile-node";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./support/cluster.js";
import { makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let jsonFilter: Uint8Array;
let regexFilter: Uint8Array;

beforeAll(async () => {
  jsonFilter = (await buildSmartModule(examplePath("json-filter"))).wasm;
  regexFilter = (await buildSmartModule(examplePath("regex-filter"))).wasm;
}, 180_000);

describe("SmartModule registry on a standalone broker", () => {
  let dataDir: string;
  let spu: SpuProcess;
  let client: FreshetClient;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    spu = await startSpu({ dataDir });
    client = createClient({ bootstrap: spu.bootstrap, clientId: "sm-registry" });
  });

  afterAll(async () => {
    await client?.close();
    await spu?.stop();
    await removeDataDir(dataDir);
  });

  it("loads, lists and resolves modules over TCP, keeping them across a restart", async () => {
    const loaded = await client.admin.loadSmartModule("json-filter", "0.1.0", jsonFilter);
    expect(loaded).toEqual({
      name: "json-filter",
      version: "0.1.0",
      digest: digestOf(jsonFilter),
      kind: "filter",
      description: "keep JSON records whose field equals a value",
      params: [
        { name: "field", type: "string", description: expect.any(String), default: null },
        { name: "value", type: "string", description: expect.any(String), default: null },
      ],
      sizeBytes: jsonFilter.byteLength,
      loadedAt: expect.any(Number),
      provenance: null,
    });
    expect(Math.abs(loaded.loadedAt - Date.now())).toBeLessThan(60_000);
    await client.admin.loadSmartModule("regex-filter", "1.0.0", regexFilter);
    // The same bytes again: done already.
    expect(await client.admin.loadSmartModule("json-filter", "0.1.0", jsonFilter)).toEqual(loaded);
    expect((await client.admin.listSmartModules()).map((m) => `${m.name}@${m.version} ${m.kind}`)).toEqual(["json-filter@0.1.0 filter", "regex-filter@1.0.0 filter"]);
    expect((await readdir(join(dataDir, "smartmodules", "blobs"))).sort()).toEqual([`${digestOf(jsonFilter)}.wasm`, `${digestOf(regexFilter)}.wasm`].sort());

    await client.close();
    expect(await spu.stop()).toBe(0);
    spu = await startSpu({ dataDir });
    client = createClient({ bootstrap: spu.bootstrap, clientId: "sm-registry" });
    expect((await client.admin.listSmartModules()).map((m) => `${m.name}@${m.version} ${m.digest}`)).toEqual([
      `json-filter@0.1.0 ${digestOf(jsonFilter)}`,
      `regex-filter@1.0.0 ${digestOf(regexFilter)}`,
    ]);
    // A client that runs a module itself (a dataflow step) fetches its component, by name or name and version.
    const fetched = await client.admin.fetchSmartModule("regex-filter");
    expect(fetched.info).toMatchObject({ name: "regex-filter", version: "1.0.0", digest: digestOf(regexFilter) });
    expect(Buffer.from(fetched.component).equals(Buffer.from(regexFilter))).toBe(true);
    expect((await client.admin.fetchSmartModule("json-filter", "0.1.0")).info).toEqual(loaded);
    await expect(client.admin.fetchSmartModule("hot-filter")).rejects.toThrow("fetch SmartModule hot-filter (no SmartModule hot-filter is loaded): RESOURCE_NOT_FOUND");
    // Resolving is what a topic chain does: creating a topic that uses the module proves it resolves after the restart.
    await client.admin.createTopics([{ name: "filtered", partitions: 1, configs: { "freshet.smartmodules": JSON.stringify([{ module: "json-filter", params: { field: "k", value: "v" } }]) } }]);
  });

  it("refuses bad bytes and other bytes under a loaded version with clear messages, and keeps serving", async () => {
    await expect(client.admin.loadSmartModule("junk", "1.0.0", new TextEncoder().encode("not wasm at all"))).rejects.toThrow(
      /^load SmartModule junk@1\.0\.0 \(SmartModule junk@1\.0\.0 was rejected: not a WebAssembly component: .*\): INVALID_REQUEST/,
    );
    await expect(client.admin.loadSmartModule("json-filter", "0.1.0", regexFilter)).rejects.toThrow(
      `load SmartModule json-filter@0.1.0 (SmartModule json-filter@0.1.0 is already loaded with different contents (digest ${digestOf(jsonFilter).slice(0, 12)}); versions are immutable, load it as a new version): INVALID_REQUEST`,
    );
    await expect(client.admin.loadSmartModule("json-filter", "one", jsonFilter)).rejects.toThrow(/SmartModule version 'one' is not a semantic version like 1\.2\.3/);
    expect((await client.admin.listSmartModules()).map((m) => `${m.name}@${m.version}`)).toEqual(["json-filter@0.1.0", "regex-filter@1.0.0"]);
  });

  it("deletes one version or all, and says when there is nothing to delete", async () => {
    await client.admin.loadSmartModule("regex-filter", "1.1.0", regexFilter);
    await client.admin.deleteSmartModule("regex-filter", "1.0.0");
    expect((await client.admin.listSmartModules()).map((m) => `${m.name}@${m.version}`)).toEqual(["json-filter@0.1.0", "regex-filter@1.1.0"]);
    await client.admin.deleteSmartModule("regex-filter");
    expect((await client.admin.listSmartModules()).map((m) => `${m.name}@${m.version}`)).toEqual(["json-filter@0.1.0"]);
    await expect(client.admin.deleteSmartModule("regex-filter")).rejects.toThrow("delete SmartModule regex-filter (no SmartModule regex-filter is loaded): RESOURCE_NOT_FOUND");
    expect(await readdir(join(dataDir, "smartmodules", "blobs"))).toEqual([`${digestOf(jsonFilter)}.wasm`]);
  });
});

describe("SmartModule registry in a cluster", () => {
  let cluster: TestCluster;
  const clients: FreshetClient[] = [];
  const clientOf = (spuId: number) => {
    const client = createClient({ bootstrap: cluster.addressOf(spuId), clientId: `sm-registry-${spuId}` });
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

  it("loads through one SPU and lists through the other: the controller owns the list", async () => {
    const viaFirst = clientOf(0);
    const viaSecond = clientOf(1);
    const loaded = await viaFirst.admin.loadSmartModule("json-filter", "0.1.0", jsonFilter);
    expect(await viaSecond.admin.listSmartModules()).toEqual([loaded]);
    expect(await readdir(join(cluster.root, "sc", "smartmodules", "blobs"))).toEqual([`${digestOf(jsonFilter)}.wasm`]);
    await expect(viaSecond.admin.loadSmartModule("json-filter", "0.1.0", regexFilter)).rejects.toThrow(/versions are immutable, load it as a new version\): INVALID_REQUEST /);

    // A topic chain resolves the module on its leader, which fetches the component from the controller once.
    // Checking the loaded component keeps a loaded 2-core machine busy for seconds, which can cost an SPU
    // a missed heartbeat: the two-replica topic is created once both are live again.
    await cluster.waitForBrokers(cluster.spuIds);
    await viaSecond.admin.createTopics([
      { name: "chained", partitions: 2, replicationFactor: 2, configs: { "freshet.smartmodules": JSON.stringify([{ module: "json-filter", params: { field: "k", value: "v" } }]) } },
    ]);
    const cached = await Promise.all(cluster.spuIds.map((id) => readdir(join(cluster.dataDirOf(id), "smartmodules", "cache")).catch(() => [])));
    expect(cached.flat()).toContain(`${digestOf(jsonFilter)}.wasm`);

    // An SPU answers FetchSmartModule from the controller's list and its cache of components.
    const fetched = await viaFirst.admin.fetchSmartModule("json-filter", "0.1.0");
    expect(fetched.info).toEqual(loaded);
    expect(Buffer.from(fetched.component).equals(Buffer.from(jsonFilter))).toBe(true);
    await viaSecond.admin.deleteSmartModule("json-filter", "0.1.0");
    expect(await viaFirst.admin.listSmartModules()).toEqual([]);
  });
});
