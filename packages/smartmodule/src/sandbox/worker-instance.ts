import { Worker } from "node:worker_threads";
import { SmartModuleError } from "../errors.js";
import type { SmartModuleManifest } from "../manifest.js";
import { callError } from "../host/call-errors.js";
import type { CompiledSmartModule } from "../host/compiled-module.js";
import { parseManifest } from "../host/manifest-schema.js";
import type { ModuleInstance, ProcessOutput } from "../host/module-instance.js";
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from "./sandbox-limits.js";
import { WORKER_SOURCE } from "./worker-source.js";

type Failure = { payload: { tag: string; val: string } } | { trap: string };

type Reply = { ready: true; manifest: string } | { startFailed: Failure } | { id: number; ok: true; out?: ProcessOutput } | { id: number; ok: false; failure: Failure };

function failureError(name: string, failure: Failure, memoryLimitBytes: number): SmartModuleError {
  if ("payload" in failure) return callError(name, failure, memoryLimitBytes);
  return callError(name, new Error(failure.trap), memoryLimitBytes);
}

/**
 * A module instance in its own worker thread. A call that outlives its deadline
 * terminates the worker (a loop inside WebAssembly cannot be interrupted any other
 * way); after that, or after a trap, the instance is dead and every call fails.
 */
export class WorkerInstance implements ModuleInstance {
  #nextId = 1;
  #pending: { id: number; resolve(reply: Reply): void } | null = null;
  #dead: SmartModuleError | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly moduleName: string,
    readonly manifest: SmartModuleManifest,
    private readonly compiled: CompiledSmartModule,
    private readonly limits: SandboxLimits,
  ) {
    worker.on("message", (reply: Reply) => {
      const pending = this.#pending;
      if (pending !== null && "id" in reply && reply.id === pending.id) {
        this.#pending = null;
        pending.resolve(reply);
      }
    });
    worker.on("error", (cause) => this.#kill(new SmartModuleError("trap", `SmartModule '${moduleName}' crashed: ${cause.message}`)));
    worker.on("exit", () => this.#kill(this.#dead ?? new SmartModuleError("trap", `SmartModule '${moduleName}' exited`)));
  }

  static async start(compiled: CompiledSmartModule, name: string, limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS): Promise<WorkerInstance> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { glue: compiled.glue, cores: compiled.cores },
      // The module's own memory is capped in its core module; this bounds the glue's JS heap.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      env: {},
      stdout: true,
      stderr: true,
    });
    const started = await new Promise<Reply | Error>((resolve) => {
      const timer = setTimeout(() => resolve(new Error(`did not start within ${limits.startTimeoutMs} ms`)), limits.startTimeoutMs);
      worker.once("message", (reply: Reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      worker.once("error", (cause) => {
        clearTimeout(timer);
        resolve(cause);
      });
    });
    const fail = async (error: SmartModuleError): Promise<never> => {
      await worker.terminate();
      throw error;
    };
    if (started instanceof Error) return fail(new SmartModuleError("invalid-module", `SmartModule '${name}' ${started.message}`));
    if ("startFailed" in started) return fail(failureError(name, started.startFailed, compiled.memoryLimitBytes));
    if (!("ready" in started)) return fail(new SmartModuleError("invalid-module", `SmartModule '${name}' sent an unexpected message at start`));
    const manifest = parseManifest(started.manifest);
    if (!manifest.ok) return fail(new SmartModuleError("invalid-module", `SmartModule '${name}': ${manifest.message}`));
    return new WorkerInstance(worker, name, manifest.value, compiled, limits);
  }

  #kill(error: SmartModuleError): void {
    this.#dead ??= error;
    const pending = this.#pending;
    this.#pending = null;
    pending?.resolve({ id: pending.id, ok: false, failure: { trap: error.message } });
  }

  async #call(message: Record<string, unknown>, transfer: ArrayBuffer[]): Promise<ProcessOutput | undefined> {
    if (this.#dead !== null) throw this.#dead;
    if (this.#pending !== null) throw new Error("WorkerInstance serves one call at a time");
    const id = this.#nextId++;
    let timer: NodeJS.Timeout | undefined;
    const reply = await new Promise<Reply>((resolve) => {
      this.#pending = { id, resolve };
      timer = setTimeout(() => {
        const error = new SmartModuleError("timeout", `SmartModule '${this.moduleName}' ran past its ${this.limits.batchTimeoutMs} ms limit on one batch and was stopped`);
        this.#kill(error);
        void this.worker.terminate();
      }, this.limits.batchTimeoutMs);
      this.worker.postMessage({ id, ...message }, transfer);
    });
    clearTimeout(timer);
    if (this.#dead !== null) throw this.#dead;
    if ("ok" in reply && reply.ok) return reply.out;
    if ("failure" in reply) {
      const error = failureError(this.moduleName, reply.failure, this.compiled.memoryLimitBytes);
      if (error.kind === "trap") {
        this.#dead = error;
        void this.worker.terminate();
      }
      throw error;
    }
    throw new SmartModuleError("trap", `SmartModule '${this.moduleName}' sent an unexpected reply`);
  }

  async init(params: readonly (readonly [string, string])[]): Promise<void> {
    await this.#call({ op: "init", params: params.map(([k, v]) => [k, v]) }, []);
  }

  async process(batch: Uint8Array, accumulator: Uint8Array): Promise<ProcessOutput> {
    // A copy is transferred (about 0.05 µs a record): the caller keeps its batch, which the
    // chain reads again to name the offsets of records the module reported errors for.
    const copy = batch.slice();
    const out = await this.#call({ op: "process", batch: copy, accumulator: accumulator.slice() }, [copy.buffer]);
    if (out === undefined) throw new SmartModuleError("trap", `SmartModule '${this.moduleName}' returned no output`);
    return out;
  }

  async close(): Promise<void> {
    this.#dead ??= new SmartModuleError("failed", `SmartModule '${this.moduleName}' was closed`);
    await this.worker.terminate();
  }
}
