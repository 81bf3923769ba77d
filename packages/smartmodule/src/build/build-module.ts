import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { componentize, version as componentizeVersion } from "@bytecodealliance/componentize-js";
import { build as bundle, type Plugin } from "esbuild";
import { buildAssemblyScriptModule } from "./build-assemblyscript.js";
import { BuildError, type BuildResult } from "./build-result.js";
import type { GuestEngine } from "./guest-engines.js";
import { moduleLanguage } from "./language.js";
import { componentizeQuickJs, QUICKJS_BUILDER_VERSION, quickJsEntry } from "./quickjs-build.js";

export { BuildError, type BuildResult } from "./build-result.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The WIT world every module is built against; it ships with this package. */
export const WIT_PATH = resolve(here, "../../wit/smartmodule.wit");
const WORLD = "smartmodule";
/** No WASI at all: no stdio, clocks, randomness, HTTP. The runtime refuses modules that import any. */
const DISABLED_FEATURES = ["stdio", "random", "clocks", "http", "fetch-event"] as const;

export function defaultCacheDir(): string {
  return process.env["FRESHET_SM_CACHE"] ?? join(homedir(), ".cache", "freshet", "smartmodules");
}

/** Module authors import "@freshet/smartmodule/guest"; it resolves to this package's SDK, wherever the project lives. */
function guestSdk(): Plugin {
  const sdk = ["../guest/index.ts", "../guest/index.js"].map((p) => resolve(here, p)).find((p) => existsSync(p));
  return {
    name: "freshet-guest-sdk",
    setup(build) {
      build.onResolve({ filter: /^@freshet\/smartmodule\/guest$/ }, () => (sdk === undefined ? { errors: [{ text: "the SmartModule guest SDK is missing from this installation" }] } : { path: sdk }));
    },
  };
}

/** Bundles `entry`; for QuickJS, behind the entry quickJsEntry makes for it. */
async function bundleSource(entry: string, engine: GuestEngine): Promise<string> {
  try {
    const result = await bundle({
      ...(engine === "quickjs" ? { stdin: { contents: quickJsEntry(entry), resolveDir: here, sourcefile: "quickjs-entry.js" } } : { entryPoints: [entry] }),
      // esbuild marks each file with its path relative to the working directory;
      // from the entry's folder those comments do not depend on where the project
      // sits, so the same module gives the same build key (and cache hit) anywhere.
      absWorkingDir: dirname(entry),
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      write: false,
      logLevel: "silent",
      conditions: ["@freshet/source"],
      // The UTF-8 polyfill installs itself on `global`, which QuickJS calls globalThis.
      ...(engine === "quickjs" ? { define: { global: "globalThis" } } : {}),
      plugins: [guestSdk()],
    });
    return result.outputFiles[0]!.text;
  } catch (cause) {
    const errors = (cause as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
    const detail = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join("\n");
    throw new BuildError(`cannot bundle ${entry}:\n${detail || (cause as Error).message}`);
  }
}

/**
 * Builds the module at `entry` into a WebAssembly component that imports nothing, in
 * the language its package.json names (see language.ts). AssemblyScript compiles to a
 * small core module in about a second. TypeScript/JavaScript is bundled with esbuild and
 * componentized with componentize-js (StarlingMonkey) with every WASI feature disabled,
 * or with componentize-qjs (QuickJS) with WASI stubbed out. Components are cached by the
 * hash of their inputs: a StarlingMonkey build takes 10–45 s and ~800 MB, a QuickJS build
 * a few seconds, a cache hit a few milliseconds.
 */
export async function buildSmartModule(entry: string, cacheDir = defaultCacheDir(), engine: GuestEngine = "starlingmonkey"): Promise<BuildResult> {
  if ((await moduleLanguage(resolve(entry))) === "assemblyscript") return buildAssemblyScriptModule(resolve(entry), WIT_PATH, cacheDir);
  const started = performance.now();
  const source = await bundleSource(resolve(entry), engine);
  const wit = await readFile(WIT_PATH, "utf8");
  // StarlingMonkey keys keep their old shape, so existing caches stay valid.
  const toolchain = engine === "starlingmonkey" ? [componentizeVersion, DISABLED_FEATURES] : ["quickjs", QUICKJS_BUILDER_VERSION];
  const buildKey = createHash("sha256")
    .update(JSON.stringify([source, wit, ...toolchain]))
    .digest("hex");
  const cached = join(cacheDir, `${buildKey}.wasm`);
  if (existsSync(cached)) return { wasm: await readFile(cached), buildKey, fromCache: true, ms: performance.now() - started };
  await mkdir(cacheDir, { recursive: true });
  let component: Uint8Array;
  try {
    if (engine === "quickjs") component = await componentizeQuickJs(source, wit, cacheDir, buildKey);
    else {
      const sourcePath = join(cacheDir, `${buildKey}.js`);
      await writeFile(sourcePath, source);
      ({ component } = await componentize({ sourcePath, witPath: WIT_PATH, worldName: WORLD, disableFeatures: [...DISABLED_FEATURES] }));
    }
  } catch (cause) {
    throw new BuildError(`componentize failed for ${entry}: ${(cause as Error).message}`);
  }
  // Written under a temporary name and renamed, so a concurrent build never reads half a file.
  const partial = `${cached}.${process.pid}.partial`;
  await writeFile(partial, component);
  await rename(partial, cached);
  return { wasm: component, buildKey, fromCache: false, ms: performance.now() - started };
}
