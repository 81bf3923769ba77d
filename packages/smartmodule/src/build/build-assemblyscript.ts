import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { BuildError, type BuildResult } from "./build-result.js";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
/** The AssemblyScript SDK; the same folder holds it in sources and in a build. */
export const ASSEMBLYSCRIPT_SDK_DIR = resolve(here, "../../assemblyscript");
const SDK_IMPORT = "@freshet/smartmodule/assemblyscript";
/** Where asc looks for a package import ("node_modules/<package>/<path>.ts" under some folder); served from the SDK wherever the project lives. */
const SDK_LOOKUP = /(?:^|[\\/])node_modules[\\/]@freshet[\\/]smartmodule[\\/]assemblyscript[\\/](.+)$/;
const ENTRY_NAME = "__freshet_entry__.ts";
/**
 * -O2: as fast as -O3 on the examples at half its compile time. `abort=` turns an
 * abort (a failed assert, a thrown error, memory exhausted) into `unreachable`
 * instead of an `env.abort` import, so the core module imports nothing and a
 * failing module traps like a JS one. The minimal runtime collects garbage only
 * when abi.ts asks (after each call, and between records once the heap has grown),
 * 5-10x faster than the incremental collector's write barriers and steps.
 */
const ASC_OPTIONS = ["-O2", "--noAssert", "--use", "abort=", "--runtime", "minimal", "--noColors"] as const;
const WORLD = "smartmodule";

/** The entry asc compiles: the author's module for its declaration, the SDK's abi for the world's exports. */
function entrySource(authorFile: string): string {
  return [`import "./${basename(authorFile, ".ts")}";`, `export { describe, init, process, cabi_realloc, cabi_post_describe, cabi_post_init, cabi_post_process } from "${SDK_IMPORT}/abi";`, ""].join(
    "\n",
  );
}

async function tsFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.parentPath.includes("node_modules"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Hash of everything the build reads: the project's sources, the SDK, the WIT, the compiler and its options. */
async function buildKeyOf(entry: string, wit: string): Promise<string> {
  const ascVersion = (JSON.parse(await readFile(require.resolve("assemblyscript/package.json"), "utf8")) as { version: string }).version;
  const hash = createHash("sha256").update(JSON.stringify([ascVersion, ASC_OPTIONS, wit, relative(dirname(entry), entry)]));
  for (const [root, files] of [
    [dirname(entry), await tsFilesUnder(dirname(entry))],
    [ASSEMBLYSCRIPT_SDK_DIR, await tsFilesUnder(ASSEMBLYSCRIPT_SDK_DIR)],
  ] as const) {
    for (const file of files)
      hash
        .update(relative(root, file))
        .update("\0")
        .update(await readFile(file))
        .update("\0");
  }
  return hash.digest("hex");
}

/** Compiles the module with asc into a core WebAssembly module, reading the SDK from this package. */
async function compileCore(entry: string): Promise<Uint8Array> {
  // Loaded on first use: the compiler and Binaryen take seconds to load, and most commands never build.
  const { main: asc } = await import("assemblyscript/asc");
  const baseDir = dirname(entry);
  let binary: Uint8Array<ArrayBuffer> | undefined;
  const stderr: string[] = [];
  const { error } = await asc([ENTRY_NAME, "--outFile", "module.wasm", "--baseDir", baseDir, ...ASC_OPTIONS], {
    readFile: async (name: string, dir: string) => {
      if (name === ENTRY_NAME) return entrySource(entry);
      const sdkFile = SDK_LOOKUP.exec(name)?.[1];
      const path = sdkFile === undefined ? resolve(dir, name) : join(ASSEMBLYSCRIPT_SDK_DIR, sdkFile);
      return existsSync(path) ? readFile(path, "utf8") : null;
    },
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name === "module.wasm" && typeof contents !== "string") binary = new Uint8Array(contents);
    },
    listFiles: () => [],
    stderr: { write: (text: string | Uint8Array) => stderr.push(typeof text === "string" ? text : new TextDecoder().decode(text)) },
    stdout: { write: () => undefined },
  });
  if (error !== null || binary === undefined) {
    throw new BuildError(`cannot compile ${entry}:\n${stderr.join("").trim() || error?.message || "asc produced no module"}`);
  }
  return binary;
}

/**
 * Builds an AssemblyScript module into a WebAssembly component: asc compiles it
 * with the SDK's hand-written canonical-ABI exports into a core module, jco's
 * wasm-tools embed the WIT world and wrap it as a component. Cached like the JS
 * builds, by the hash of every input.
 */
export async function buildAssemblyScriptModule(entry: string, witPath: string, cacheDir: string): Promise<BuildResult> {
  const started = performance.now();
  const wit = await readFile(witPath, "utf8");
  const buildKey = await buildKeyOf(entry, wit);
  const cached = join(cacheDir, `${buildKey}.wasm`);
  if (existsSync(cached)) return { wasm: await readFile(cached), buildKey, fromCache: true, ms: performance.now() - started };
  const core = await compileCore(entry);
  let component: Uint8Array;
  try {
    const { componentEmbed, componentNew } = await import("@bytecodealliance/jco-transpile/wasm-tools");
    const embedded = await componentEmbed({ binary: core, witSource: wit, world: WORLD, stringEncoding: "utf8" });
    component = await componentNew(embedded, []);
  } catch (cause) {
    const message = (cause as Error).message;
    // asc imports from "env" what the sandbox does not offer: Math.random's seed, Date.now, console and trace.
    const hostImport = /failed to resolve import `env::([^`]+)`/.exec(message)?.[1];
    if (hostImport !== undefined)
      throw new BuildError(`${entry} uses ${hostImport === "seed" ? "Math.random" : hostImport}, which SmartModules cannot import: they run without clock, randomness or console`);
    throw new BuildError(`cannot make a component of ${entry}: ${message}`);
  }
  await mkdir(cacheDir, { recursive: true });
  // Written under a temporary name and renamed, so a concurrent build never reads half a file.
  const partial = `${cached}.${process.pid}.partial`;
  await writeFile(partial, component);
  await rename(partial, cached);
  return { wasm: component, buildKey, fromCache: false, ms: performance.now() - started };
}
