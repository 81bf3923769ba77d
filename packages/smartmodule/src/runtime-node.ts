import { SmartModuleChain, type ChainStep } from "./chain/chain.js";
import type { InstanceFactory } from "./host/module-instance.js";
import { compileSmartModule, DEFAULT_MEMORY_LIMIT_BYTES } from "./host/compile-node.js";
import type { CompiledSmartModule } from "./host/compiled-module.js";
import { DEFAULT_SANDBOX_LIMITS, WorkerInstance, type SandboxLimits } from "./sandbox/worker-instance.js";

export interface RuntimeLimits extends SandboxLimits {
  readonly memoryLimitBytes: number;
}

export const DEFAULT_RUNTIME_LIMITS: RuntimeLimits = { ...DEFAULT_SANDBOX_LIMITS, memoryLimitBytes: DEFAULT_MEMORY_LIMIT_BYTES };

/**
 * Opens a chain on Node: each component is compiled once per digest and each step
 * runs in its own worker thread under the given limits — started by `start` when given
 * (a broker's WarmSpares.take, started under the same limits).
 */
export async function openNodeChain(
  steps: readonly ChainStep<Uint8Array>[],
  limits: RuntimeLimits = DEFAULT_RUNTIME_LIMITS,
  accumulators?: readonly Uint8Array[],
  start: InstanceFactory<CompiledSmartModule> = (module, name) => WorkerInstance.start(module, name, limits),
): Promise<SmartModuleChain> {
  const compiled: ChainStep<CompiledSmartModule>[] = [];
  for (const step of steps) compiled.push({ ...step, module: await compileSmartModule(step.module, limits.memoryLimitBytes) });
  return SmartModuleChain.open(compiled, start, accumulators);
}
