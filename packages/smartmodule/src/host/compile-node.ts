import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { SmartModuleError } from "../errors.js";
import type { CompiledSmartModule } from "./compiled-module.js";
import { capMemory, DEFAULT_MEMORY_LIMIT_BYTES } from "./memory-cap.js";
import { COMPILE_WORKER_SOURCE } from "./compile-worker-source.js";
import { checkTranspiled, TRANSPILED_NAME, type TranspiledComponent } from "./transpiled-component.js";
import type {} from "./webassembly-global.js";

export { DEFAULT_MEMORY_LIMIT_BYTES } from "./memory-cap.js";

export function digestOf(component: Uint8Array): string {
  return createHash("sha256").update(component).digest("hex");
}

const cache = new Map<string, Promise<CompiledSmartModule>>();

/** Where jco's transpiler lives, for the compile worker to import. */
const TRANSPILER_URL = pathToFileURL(createRequire(import.meta.url).resolve("@bytecodealliance/jco-transpile")).href;

/**
 * QuickJS-built modules use WebAssembly's extended constant expressions, which V8 11.3
 * (Node 20) has behind this flag; later V8s ship it on. Flags are per process, and the
 * flag must be on before a module is compiled.
 */
let wasmFlagsSet = false;
function enableWasmFeatures(): void {
  if (wasmFlagsSet) return;
  setFlagsFromString("--experimental-wasm-extended-const");
  wasmFlagsSet = true;
}

type WorkerReply = { failed: string } | (TranspiledComponent & { modules?: undefined }) | { modules: Record<string, WebAssembly.Module> };

/** The next message from the compile worker, or an error when it dies first. */
function nextReply(worker: Worker): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const fail = (cause: Error) => reject(new SmartModuleError("invalid-module", `compiling the module failed: ${cause.message}`));
    const exit = (code: number) => fail(new Error(`the compile worker exited with code ${code}`));
    worker.once("error", fail);
    worker.once("exit", exit);
    worker.once("message", (reply: WorkerReply) => {
      worker.off("error", fail);
      worker.off("exit", exit);
      resolve(reply);
    });
  });
}

async function compile(component: Uint8Array, digest: string, memoryLimitBytes: number): Promise<CompiledSmartModule> {
  enableWasmFeatures();
  const worker = new Worker(COMPILE_WORKER_SOURCE, { eval: true, workerData: { transpilerUrl: TRANSPILER_URL }, env: {}, stdout: true, stderr: true });
  try {
    worker.postMessage({ component, options: { name: TRANSPILED_NAME, instantiation: "async", emitTypescriptDeclarations: false, wasiShim: false } });
    const transpiled = await nextReply(worker);
    if ("failed" in transpiled) throw new SmartModuleError("invalid-module", transpiled.failed);
    if (transpiled.modules !== undefined) throw new SmartModuleError("invalid-module", "the compile worker answered out of turn");
    const checked = checkTranspiled(transpiled);
    const capped: Record<string, Uint8Array<ArrayBuffer>> = {};
    for (const [name, bytes] of Object.entries(checked.cores)) capped[name] = capMemory(bytes, memoryLimitBytes);
    worker.postMessage(
      { cores: capped },
      Object.values(capped).map((bytes) => bytes.buffer),
    );
    const compiled = await nextReply(worker);
    if ("failed" in compiled) throw new SmartModuleError("invalid-module", compiled.failed);
    if (compiled.modules === undefined) throw new SmartModuleError("invalid-module", "the compile worker answered out of turn");
    return { digest, glue: checked.glue, cores: compiled.modules, memoryLimitBytes };
  } finally {
    await worker.terminate();
  }
}

/**
 * Transpiles and compiles a component once per content digest and memory limit, in a
 * worker thread (seconds of CPU for a 12 MB component, which would otherwise stall this
 * thread's event loop); later loads of the same bytes share the result. Rejects components that import
 * anything but our own types.
 */
export function compileSmartModule(component: Uint8Array, memoryLimitBytes = DEFAULT_MEMORY_LIMIT_BYTES): Promise<CompiledSmartModule> {
  const digest = digestOf(component);
  const key = `${digest}/${memoryLimitBytes}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compile(component, digest, memoryLimitBytes);
    cache.set(key, compiled);
    // A failed compile is not cached: the next load reports the error again.
    compiled.catch(() => cache.delete(key));
  }
  return compiled;
}
