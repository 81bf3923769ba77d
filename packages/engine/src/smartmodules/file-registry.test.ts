import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { digestOf } from "@freshet/smartmodule/host/compile-node";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { FileRegistry } from "./file-registry.js";
import type { SmartModuleEntry } from "./registry.js";

let jsonFilter: Uint8Array;
let regexFilter: Uint8Array;
const dirs: string[] = [];

async function listed(registry: FileRegistry): Promise<SmartModuleEntry[]> {
  const result = await registry.list();
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "freshet-sm-registry-"));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  jsonFilter = (await buildSmartModule(examplePath("json-filter"))).wasm;
  regexFilter = (await buildSmartModule(examplePath("regex-filter"))).wasm;
});

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("FileRegistry", () => {
  it("loads a component, lists it with its manifest and keeps it across a reopen", async () => {
    const dir = await freshDir();
    const clock = new ManualClock(1_700_000_000_000);
    const registry = await FileRegistry.open(dir, clock);
    const loaded = await registry.load("json-filter", "0.1.0", jsonFilter);
    const digest = digestOf(jsonFilter);
    expect(loaded).toEqual({
      ok: true,
      value: {
        name: "json-filter",
        version: "0.1.0",
        digest,
        kind: "filter",
        description: expect.any(String),
        params: { field: expect.objectContaining({ type: "string" }), value: expect.objectContaining({ type: "string" }) },
        sizeBytes: jsonFilter.byteLength,
        loadedAt: 1_700_000_000_000,
        provenance: null,
      },
    });
    expect(await readdir(join(dir, "blobs"))).toEqual([`${digest}.wasm`]);
    // Digests, not bytes: comparing 12 MB arrays element by element exhausts vitest's heap.
    expect(digestOf(await readFile(join(dir, "blobs", `${digest}.wasm`)))).toBe(digest);

    const reopened = await FileRegistry.open(dir, clock);
    expect(await listed(reopened)).toEqual([loaded.ok && loaded.value]);
    const resolved = await reopened.resolve("json-filter", "0.1.0");
    expect(resolved.ok && digestOf(resolved.value.component)).toBe(digest);
  });

  it("treats the same bytes under the same version as done and refuses other bytes (versions are immutable)", async () => {
    const registry = await FileRegistry.open(await freshDir(), new ManualClock(5));
    const first = await registry.load("filters", "1.0.0", jsonFilter);
    expect(await registry.load("filters", "1.0.0", jsonFilter)).toEqual(first);
    expect(await registry.load("filters", "1.0.0", regexFilter)).toEqual({
      ok: false,
      error: {
        errorName: "INVALID_REQUEST",
        message: `SmartModule filters@1.0.0 is already loaded with different contents (digest ${digestOf(jsonFilter).slice(0, 12)}); versions are immutable, load it as a new version`,
      },
    });
    expect((await listed(registry)).map((e) => e.digest)).toEqual([digestOf(jsonFilter)]);
  });

  it("rejects bad names, bad versions and bytes that are not a component, storing nothing", async () => {
    const dir = await freshDir();
    const registry = await FileRegistry.open(dir);
    expect(await registry.load("Bad Name", "1.0.0", jsonFilter)).toEqual({
      ok: false,
      error: { errorName: "INVALID_REQUEST", message: "SmartModule name 'Bad Name' must be 1-100 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit" },
    });
    expect(await registry.load("ok", "1.0", jsonFilter)).toEqual({
      ok: false,
      error: { errorName: "INVALID_REQUEST", message: "SmartModule version '1.0' is not a semantic version like 1.2.3" },
    });
    const garbage = await registry.load("garbage", "1.0.0", new TextEncoder().encode("definitely not wasm"));
    expect(garbage.ok).toBe(false);
    expect(!garbage.ok && garbage.error.errorName).toBe("INVALID_REQUEST");
    expect(!garbage.ok && garbage.error.message).toMatch(/^SmartModule garbage@1\.0\.0 was rejected: not a WebAssembly component: /);
    expect(await listed(registry)).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("rejects a core module that is not a component (WASI imports are compile-node.test.ts's)", async () => {
    const registry = await FileRegistry.open(await freshDir());
    // The smallest valid core module: magic and version 1.
    const core = await registry.load("core", "1.0.0", new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    expect(!core.ok && core.error.message).toMatch(/^SmartModule core@1\.0\.0 was rejected: not a WebAssembly component: /);
  });

  it("resolves the highest version by semver precedence when none is named", async () => {
    const registry = await FileRegistry.open(await freshDir());
    for (const version of ["0.9.0", "0.10.0", "0.10.0-rc.1", "0.2.11"]) {
      expect((await registry.load("picker", version, jsonFilter)).ok).toBe(true);
    }
    const resolved = await registry.resolve("picker", null);
    expect(resolved.ok && resolved.value.entry.version).toBe("0.10.0");
    expect((await listed(registry)).map((e) => e.version)).toEqual(["0.2.11", "0.9.0", "0.10.0-rc.1", "0.10.0"]);
    expect(await registry.resolve("picker", "3.0.0")).toEqual({ ok: false, error: { errorName: "RESOURCE_NOT_FOUND", message: "no SmartModule picker@3.0.0 is loaded" } });
    expect(await registry.resolve("nobody", null)).toEqual({ ok: false, error: { errorName: "RESOURCE_NOT_FOUND", message: "no SmartModule nobody is loaded" } });
  });

  it("deletes one version or all of them, dropping a blob once no version uses it", async () => {
    const dir = await freshDir();
    const registry = await FileRegistry.open(dir);
    await registry.load("a", "1.0.0", jsonFilter);
    await registry.load("a", "2.0.0", regexFilter);
    await registry.load("b", "1.0.0", jsonFilter);
    expect(await registry.delete("a", "1.0.0")).toBeNull();
    expect((await readdir(join(dir, "blobs"))).sort()).toEqual([`${digestOf(jsonFilter)}.wasm`, `${digestOf(regexFilter)}.wasm`].sort());
    expect(await registry.delete("a", null)).toBeNull();
    expect(await readdir(join(dir, "blobs"))).toEqual([`${digestOf(jsonFilter)}.wasm`]);
    expect(await registry.delete("a", null)).toEqual({ errorName: "RESOURCE_NOT_FOUND", message: "no SmartModule a is loaded" });
    expect(await registry.delete("b", "9.9.9")).toEqual({ errorName: "RESOURCE_NOT_FOUND", message: "no SmartModule b@9.9.9 is loaded" });
    expect((await listed(await FileRegistry.open(dir))).map((e) => `${e.name}@${e.version}`)).toEqual(["b@1.0.0"]);
    expect(await registry.component(digestOf(regexFilter))).toBeNull();
  });

  it("refuses to open an index that is not one", async () => {
    const dir = await freshDir();
    await writeFile(join(dir, "index.json"), JSON.stringify({ version: 1, modules: [{ name: "x" }] }));
    await expect(FileRegistry.open(dir)).rejects.toThrow(/^SmartModule index .*index\.json is invalid: /);
  });
});
