import { readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTROLLER_SECRET_FILE } from "@freshet/client/admin/controller-secret";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { digestOf } from "@freshet/smartmodule/host/compile-node";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { pino } from "pino";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../system/resources.js";
import { ControllerClient } from "../controller-client/controller-client.js";
import { startController, type RunningController } from "../controller/run-controller.js";
import { ControllerRegistry } from "./controller-registry.js";
import type { SmartModuleController } from "./controller-registry.js";

const logger = pino({ level: "silent" });
let jsonFilter: Uint8Array;
let regexFilter: Uint8Array;
let dataDir: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  jsonFilter = (await buildSmartModule(examplePath("json-filter"))).wasm;
  regexFilter = (await buildSmartModule(examplePath("regex-filter"))).wasm;
});
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "freshet-sm-controller-"));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

async function controller(port = 0): Promise<RunningController> {
  const sc = await startController({ dataDir: join(dataDir, "sc"), host: "127.0.0.1", port, secretFile: join(dataDir, CONTROLLER_SECRET_FILE) }, { logger, clock: systemClock });
  cleanups.push(() => sc.close());
  return sc;
}

function client(port: number): ControllerClient {
  const secret = readFileSync(join(dataDir, CONTROLLER_SECRET_FILE), "utf8");
  const c = new ControllerClient({ host: "127.0.0.1", port, secret: Buffer.from(secret, "base64"), watch: false, requestTimeoutMs: 1000, retryBackoffMs: 20, maxRetryBackoffMs: 50 }, { logger });
  cleanups.push(() => c.close());
  return c;
}

/** Counts fetches, so a test can tell a cached component from a fetched one. */
function counting(inner: SmartModuleController): SmartModuleController & { fetches: string[] } {
  const fetches: string[] = [];
  return {
    fetches,
    loadSmartModule: (n, v, c, p) => inner.loadSmartModule(n, v, c, p),
    listSmartModules: () => inner.listSmartModules(),
    deleteSmartModule: (n, v) => inner.deleteSmartModule(n, v),
    fetchSmartModule: (digest) => {
      fetches.push(digest);
      return inner.fetchSmartModule(digest);
    },
  };
}

describe("ControllerRegistry", () => {
  it("loads through the controller, lists what another SPU loaded, and deletes", async () => {
    const sc = await controller();
    const spu1 = new ControllerRegistry(client(sc.port), join(dataDir, "spu1"));
    const spu2 = new ControllerRegistry(client(sc.port), join(dataDir, "spu2"));
    const loaded = await spu1.load("json-filter", "0.1.0", jsonFilter);
    expect(loaded).toMatchObject({ ok: true, value: { name: "json-filter", version: "0.1.0", digest: digestOf(jsonFilter), kind: "filter", sizeBytes: jsonFilter.byteLength } });
    expect(await spu2.list()).toEqual({ ok: true, value: [loaded.ok && loaded.value] });
    // The controller's own registry keeps the blob in its data dir.
    expect(await readdir(join(dataDir, "sc", "smartmodules", "blobs"))).toEqual([`${digestOf(jsonFilter)}.wasm`]);

    expect(await spu2.load("json-filter", "0.1.0", regexFilter)).toMatchObject({ ok: false, error: { errorName: "INVALID_REQUEST" } });
    const garbage = await spu2.load("junk", "1.0.0", new Uint8Array([1, 2, 3]));
    expect(!garbage.ok && garbage.error).toEqual({ errorName: "INVALID_REQUEST", message: expect.stringMatching(/^SmartModule junk@1\.0\.0 was rejected: not a WebAssembly component: /) });

    expect(await spu2.delete("json-filter", null)).toBeNull();
    expect(await spu1.list()).toEqual({ ok: true, value: [] });
    expect(await spu1.delete("json-filter", "0.1.0")).toEqual({ errorName: "RESOURCE_NOT_FOUND", message: "no SmartModule json-filter@0.1.0 is loaded" });
  });

  it("fetches a component by digest once, then resolves from its cache, even with the controller gone", async () => {
    const sc = await controller();
    const admin = new ControllerRegistry(client(sc.port), join(dataDir, "admin"));
    await admin.load("filters", "1.0.0", jsonFilter);
    await admin.load("filters", "1.10.0", regexFilter);
    await admin.load("filters", "1.9.0", jsonFilter);

    const link = counting(client(sc.port));
    const spu = new ControllerRegistry(link, join(dataDir, "spu"));
    const [a, b] = await Promise.all([spu.resolve("filters", null), spu.resolve("filters", "1.10.0")]);
    expect(a.ok && a.value.entry.version).toBe("1.10.0");
    expect(a.ok && digestOf(a.value.component)).toBe(digestOf(regexFilter));
    expect(b.ok && b.value.entry.version).toBe("1.10.0");
    expect(link.fetches).toEqual([digestOf(regexFilter)]);
    expect(await readdir(join(dataDir, "spu"))).toEqual([`${digestOf(regexFilter)}.wasm`]);

    await spu.resolve("filters", "1.10.0");
    expect(link.fetches).toEqual([digestOf(regexFilter)]);
    expect(await spu.resolve("filters", "2.0.0")).toEqual({ ok: false, error: { errorName: "RESOURCE_NOT_FOUND", message: "no SmartModule filters@2.0.0 is loaded" } });

    await sc.close();
    const offline = await spu.resolve("filters", null);
    expect(offline.ok && offline.value.entry.version).toBe("1.10.0");
    expect((await spu.list()).ok).toBe(false);
    // A module never fetched cannot be resolved without the controller.
    expect(await spu.resolve("filters", "1.0.0")).toMatchObject({ ok: false, error: { errorName: "NOT_CONTROLLER" } });
  });

  it("refuses a fetched component that does not match its digest", async () => {
    const link: SmartModuleController = {
      loadSmartModule: () => Promise.reject(new Error("unused")),
      deleteSmartModule: () => Promise.reject(new Error("unused")),
      listSmartModules: async () => ({
        ok: true,
        value: [{ name: "m", version: "1.0.0", digest: digestOf(jsonFilter), kind: "filter", description: null, params: {}, sizeBytes: 1, loadedAt: 0, provenance: null }],
      }),
      fetchSmartModule: async () => ({ ok: true, value: regexFilter }),
    };
    const spu = new ControllerRegistry(link, join(dataDir, "spu"));
    expect(await spu.resolve("m", null)).toEqual({
      ok: false,
      error: { errorName: "CORRUPT_MESSAGE", message: `the controller sent a SmartModule component that does not match digest ${digestOf(jsonFilter)}` },
    });
    await expect(readdir(join(dataDir, "spu"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
