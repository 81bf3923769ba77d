import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { SmartModuleError } from "../errors.js";
import type { CompiledSmartModule } from "./compiled-module.js";
import { capMemory, DEFAULT_MEMORY_LIMIT_BYTES } from "./memory-cap.js";
import { COMPILE_WORKER_SOURCE } from "./compile-worker-source.js";
import { digestOf } from "./digest.js";
import { checkTranspiled, TRANSPILED_NAME, type TranspiledComponent } from "./transpiled-component.js";
import type {} from "./webassembly-global.js";

export { DEFAULT_MEMORY_LIMIT_BYTES } from "./memory-cap.js";
export { digestOf } from "./digest.js";

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

/** A worker stays this long after its last request, so a burst of loads imports jco's transpiler once. */
const COMPILE_WORKER_IDLE_MS = 10_000;

/**
 * The thread components are compiled in: started on demand, shared by the compiles of
 * the process, and stopped once idle. Idle, it does not keep the process alive.
 */
class CompileWorker {
  static #current: CompileWorker | null = null;
  readonly #worker = new Worker(COMPILE_WORKER_SOURCE, { eval: true, workerData: { transpilerUrl: TRANSPILER_URL }, env: {}, stdout: true, stderr: true });
  readonly #pending = new Map<number, (reply: WorkerReply | Error) => void>();
  #nextId = 1;
  #idle: NodeJS.Timeout | null = null;

  private constructor() {
    this.#worker.unref();
    this.#worker.on("message", (reply: WorkerReply & { id: number }) => {
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
      this.#armIdle();
    });
    const fail = (cause: Error) => {
      if (CompileWorker.#current === this) CompileWorker.#current = null;
      for (const settle of this.#pending.values()) settle(cause);
      this.#pending.clear();
    };
    this.#worker.on("error", fail);
    this.#worker.on("exit", (code) => fail(new Error(`the compile worker exited with code ${code}`)));
  }

  static get(): CompileWorker {
    CompileWorker.#current ??= new CompileWorker();
    return CompileWorker.#current;
  }

  request(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.#idle !== null) clearTimeout(this.#idle);
    this.#idle = null;
    // Held open while it has work: a program that only awaits a compile must not exit under it.
    this.#worker.ref();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (reply) => (reply instanceof Error ? reject(new SmartModuleError("invalid-module", `compiling the module failed: ${reply.message}`)) : resolve(reply)));
      this.#worker.postMessage({ id, ...message }, transfer);
    });
  }

  #armIdle(): void {
    if (this.#pending.size > 0) return;
    this.#worker.unref();
    this.#idle = setTimeout(() => {
      if (this.#pending.size > 0) return;
      if (CompileWorker.#current === this) CompileWorker.#current = null;
      void this.#worker.terminate();
    }, COMPILE_WORKER_IDLE_MS);
    this.#idle.unref();
  }
}

async function compile(component: Uint8Array, digest: string, memoryLimitBytes: number): Promise<CompiledSmartModule> {
  enableWasmFeatures();
  const worker = CompileWorker.get();
  const options = { name: TRANSPILED_NAME, instantiation: "async", emitTypescriptDeclarations: false, wasiShim: false };
  const transpiled = await worker.request({ op: "transpile", component, options });
  if ("failed" in transpiled) throw new SmartModuleError("invalid-module", transpiled.failed);
  if (transpiled.modules !== undefined) throw new SmartModuleError("invalid-module", "the compile worker answered out of turn");
  const checked = checkTranspiled(transpiled);
  const capped: Record<string, Uint8Array<ArrayBuffer>> = {};
  for (const [name, bytes] of Object.entries(checked.cores)) capped[name] = capMemory(bytes, memoryLimitBytes);
  const compiled = await worker.request(
    { op: "compile", cores: capped },
    Object.values(capped).map((bytes) => bytes.buffer),
  );
  if ("failed" in compiled) throw new SmartModuleError("invalid-module", compiled.failed);
  if (compiled.modules === undefined) throw new SmartModuleError("invalid-module", "the compile worker answered out of turn");
  return { digest, glue: checked.glue, cores: compiled.modules, memoryLimitBytes };
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
