import { SmartModuleError } from "../errors.js";
import type { SmartModuleManifest } from "../manifest.js";
import type { InstanceFactory, ModuleInstance } from "../host/module-instance.js";
import { readPackedBatch } from "../packed/packed-reader.js";
import { parseParams } from "../params/param-spec.js";

export type ParamEntries = readonly (readonly [string, string])[];

export interface ChainStep<M> {
  /** How the user named the module (name or name@version), for messages. */
  readonly name: string;
  readonly module: M;
  readonly params: ParamEntries;
}

/** A record one step could not handle; it is left out and the stream goes on. */
export interface ChainRecordError {
  readonly offset: number;
  readonly module: string;
  readonly message: string;
}

export interface ChainOutput {
  /** Packed output records. */
  readonly records: Uint8Array;
  readonly errors: readonly ChainRecordError[];
}

interface LiveStep {
  readonly name: string;
  readonly instance: ModuleInstance;
  accumulator: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/**
 * SmartModules applied one after another to packed batches, each step with its own
 * instance and (for aggregates) its running accumulator. A step that fails as a
 * whole (timeout, trap, module error) fails the chain: the error is thrown and
 * every later call throws it again, so a stream never silently skips data.
 */
export class SmartModuleChain {
  #failed: SmartModuleError | null = null;
  #busy: Promise<unknown> = Promise.resolve();

  private constructor(private readonly steps: LiveStep[]) {}

  /**
   * Starts an instance per step, checks each step's parameters against the schema
   * its module declares, and calls `init`. `accumulators` resumes aggregates.
   */
  static async open<M>(steps: readonly ChainStep<M>[], start: InstanceFactory<M>, accumulators: readonly Uint8Array[] = []): Promise<SmartModuleChain> {
    const live: LiveStep[] = [];
    try {
      for (const [i, step] of steps.entries()) {
        const instance = await start(step.module, step.name);
        live.push({ name: step.name, instance, accumulator: accumulators[i] ?? EMPTY });
        const checked = parseParams(instance.manifest.params, step.params, `SmartModule '${step.name}'`);
        if (!checked.ok) throw new SmartModuleError("invalid-params", checked.message);
        await instance.init(step.params);
      }
    } catch (cause) {
      await Promise.all(live.map((s) => s.instance.close()));
      throw cause;
    }
    return new SmartModuleChain(live);
  }

  get manifests(): SmartModuleManifest[] {
    return this.steps.map((s) => s.instance.manifest);
  }

  /** The running accumulator of each step (empty for steps that are not aggregates). */
  get accumulators(): Uint8Array[] {
    return this.steps.map((s) => s.accumulator);
  }

  get failure(): SmartModuleError | null {
    return this.#failed;
  }

  /** Runs one packed batch through every step; calls are queued, never concurrent. */
  process(batch: Uint8Array): Promise<ChainOutput> {
    const run = this.#busy.then(() => this.#run(batch));
    this.#busy = run.catch(() => undefined);
    return run;
  }

  async #run(batch: Uint8Array): Promise<ChainOutput> {
    if (this.#failed !== null) throw this.#failed;
    const errors: ChainRecordError[] = [];
    let current = batch;
    for (const step of this.steps) {
      let out;
      try {
        out = await step.instance.process(current, step.accumulator);
      } catch (cause) {
        this.#failed = cause instanceof SmartModuleError ? cause : new SmartModuleError("trap", String(cause));
        throw this.#failed;
      }
      if (out.errors.length > 0) {
        const input = readPackedBatch(current);
        for (const e of out.errors) errors.push({ offset: input[e.index]?.offset ?? -1, module: step.name, message: e.message });
      }
      step.accumulator = out.accumulator;
      current = out.records;
    }
    return { records: current, errors };
  }

  async close(): Promise<void> {
    await Promise.all(this.steps.map((s) => s.instance.close()));
  }
}
