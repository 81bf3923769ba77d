import type { ChainStep, SmartModuleChain } from "./chain/chain.js";
import type { InstanceFactory } from "./host/module-instance.js";
import type { CompiledSmartModule } from "./host/compiled-module.js";
import { DEFAULT_MEMORY_LIMIT_BYTES } from "./host/memory-cap.js";
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from "./sandbox/sandbox-limits.js";

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
  start?: InstanceFactory<CompiledSmartModule>,
): Promise<SmartModuleChain> {
  // The compiler, the sandbox and the chain load with the first chain a process opens: a broker
  // whose topics and readers use no SmartModule (most) does not keep them in memory.
  const [{ compileSmartModule }, { WorkerInstance }, { SmartModuleChain }] = await Promise.all([import("./host/compile-node.js"), import("./sandbox/worker-instance.js"), import("./chain/chain.js")]);
  const startInstance = start ?? ((module, name) => WorkerInstance.start(module, name, limits));
  const compiled: ChainStep<CompiledSmartModule>[] = [];
  for (const step of steps) compiled.push({ ...step, module: await compileSmartModule(step.module, limits.memoryLimitBytes) });
  return SmartModuleChain.open(compiled, startInstance, accumulators);
}
