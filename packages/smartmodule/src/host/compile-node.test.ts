import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { componentize, version as componentizeVersion } from "@bytecodealliance/componentize-js";
import { describe, expect, it } from "vitest";
import { buildSmartModule, defaultCacheDir, WIT_PATH } from "../build/build-module.js";
import { examplePath } from "../test-support/test-modules.js";
import { compileSmartModule } from "./compile-node.js";

/** A module that would be fine, except that it is built with componentize-js's default WASI features. */
const SOURCE = `
export function describe() { return JSON.stringify({ apiVersion: "0.1.0", kind: "filter", params: {} }); }
export function init() {}
export function process(batch, accumulator) { return { records: batch, errors: [], accumulator }; }
`;

/** Built once and cached under its own key: a cold componentize takes seconds. */
async function wasiComponent(): Promise<Uint8Array> {
  const dir = defaultCacheDir();
  const key = createHash("sha256")
    .update(JSON.stringify(["wasi-default-features", SOURCE, await readFile(WIT_PATH, "utf8"), componentizeVersion]))
    .digest("hex");
  const cached = join(dir, `wasi-${key}.wasm`);
  if (existsSync(cached)) return readFile(cached);
  await mkdir(dir, { recursive: true });
  const sourcePath = join(dir, `wasi-${key}.js`);
  await writeFile(sourcePath, SOURCE);
  const { component } = await componentize({ sourcePath, witPath: WIT_PATH, worldName: "smartmodule" });
  await writeFile(`${cached}.${process.pid}.partial`, component);
  await rename(`${cached}.${process.pid}.partial`, cached);
  return component;
}

describe("compileSmartModule", () => {
  it("refuses a component that imports WASI", async () => {
    const component = await wasiComponent();
    const error = await compileSmartModule(component).then(
      () => undefined,
      (cause: unknown) => cause as { kind: string; message: string },
    );
    expect(error?.kind).toBe("invalid-module");
    expect(error?.message).toBe(
      "the module imports wasi:cli/stderr, wasi:cli/stdin, wasi:cli/stdout, wasi:cli/terminal-input, wasi:cli/terminal-output, wasi:cli/terminal-stderr, " +
        "wasi:cli/terminal-stdin, wasi:cli/terminal-stdout, wasi:clocks/monotonic-clock, wasi:clocks/wall-clock, wasi:filesystem/preopens, wasi:filesystem/types, " +
        "wasi:http/outgoing-handler, wasi:http/types, wasi:io/error, wasi:io/poll, wasi:io/streams, wasi:random/random; " +
        "SmartModules may not use WASI or other host interfaces (build with 'freshet sm build')",
    );
  });

  it("compiles in a worker thread, leaving this thread's event loop free (an SC's heartbeats, a server's requests)", async () => {
    const { wasm } = await buildSmartModule(examplePath("json-filter"));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const before = performance.eventLoopUtilization();
    try {
      // A memory limit no other test uses: a compile, not a cache hit.
      const compiled = await compileSmartModule(wasm, 24 * 2 ** 20);
      expect(compiled.memoryLimitBytes).toBe(24 * 2 ** 20);
    } finally {
      clearInterval(timer);
    }
    // A share of time, not a duration: compiling here keeps the loop busy nearly throughout
    // (about 0.9 measured); in a worker it idles, the more so the slower a loaded machine is.
    expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.5);
    expect(ticks).toBeGreaterThan(0);
  });

  it("refuses bytes that are not a component", async () => {
    await expect(compileSmartModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]))).rejects.toMatchObject({ kind: "invalid-module" });
  });
});
