import type { SmartModuleManifest } from "../manifest.js";

export interface ProcessOutput {
  readonly records: Uint8Array;
  readonly errors: readonly { readonly index: number; readonly message: string }[];
  readonly accumulator: Uint8Array;
  /**
   * Milliseconds the call ran on the module's thread, where the runtime times it (Node
   * workers). The call is synchronous and does no I/O, so this is its CPU time, plus any
   * time the OS held the thread off a core.
   */
  readonly runMs?: number;
}

/**
 * One live instance of a module: in a worker thread on Node (time-limited and
 * killable), or in the calling thread in browsers. Failures are thrown as
 * SmartModuleError.
 */
export interface ModuleInstance {
  readonly manifest: SmartModuleManifest;
  init(params: readonly (readonly [string, string])[]): Promise<void>;
  process(batch: Uint8Array, accumulator: Uint8Array): Promise<ProcessOutput>;
  close(): Promise<void>;
}

/** Starts instances of a compiled module; the Node and browser runtimes each provide one. */
export type InstanceFactory<M> = (compiled: M, name: string) => Promise<ModuleInstance>;
