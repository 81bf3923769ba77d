import type { CompiledSmartModule } from "@freshet/smartmodule/host/compiled-module";
import type { InstanceFactory, ModuleInstance, ProcessOutput } from "@freshet/smartmodule/host/module-instance";
import type { SmartModuleManifest } from "@freshet/smartmodule/manifest";
import { recordsInPacked, type ModuleUsage } from "../metrics/usage-meter.js";

/**
 * Starts instances that add each successful process call to `usage`: records in and
 * out, and the time the worker measured around the call. Failed calls (traps, deadline
 * kills) count only as failures: the stream gets no output from them.
 */
export function meteredFactory(start: InstanceFactory<CompiledSmartModule>, usage: ModuleUsage): InstanceFactory<CompiledSmartModule> {
  return async (compiled, name) => new MeteredInstance(await start(compiled, name), usage);
}

class MeteredInstance implements ModuleInstance {
  constructor(
    private readonly inner: ModuleInstance,
    private readonly usage: ModuleUsage,
  ) {}

  get manifest(): SmartModuleManifest {
    return this.inner.manifest;
  }

  init(params: readonly (readonly [string, string])[]): Promise<void> {
    return this.inner.init(params);
  }

  async process(batch: Uint8Array, accumulator: Uint8Array): Promise<ProcessOutput> {
    // Read before the call: the batch's buffer may be transferred to the worker.
    const recordsIn = recordsInPacked(batch);
    let out: ProcessOutput;
    try {
      out = await this.inner.process(batch, accumulator);
    } catch (error) {
      this.usage.failedCalls += 1;
      throw error;
    }
    this.usage.recordsIn += recordsIn;
    this.usage.recordErrors += out.errors.length;
    this.usage.recordsOut += recordsInPacked(out.records);
    this.usage.cpuSeconds += (out.runMs ?? 0) / 1000;
    return out;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
