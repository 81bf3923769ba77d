import { SmartModuleError } from "@freshet/smartmodule/errors";
import type { SmartModuleChain } from "@freshet/smartmodule/chain/chain";
import { openNodeChain, type RuntimeLimits } from "@freshet/smartmodule/runtime-node";
import type { ChainSpec } from "./chain-spec.js";
import { parseModuleReference } from "./module-reference.js";
import type { SmartModuleRegistry } from "./registry.js";

/**
 * Resolves every step of `spec` in the registry and starts the chain (an instance
 * per step, params checked against each module's schema, `init` called). Throws a
 * SmartModuleError whose message names the step that could not start.
 */
export async function openChain(
  registry: SmartModuleRegistry,
  spec: ChainSpec,
  accumulators?: readonly Uint8Array[],
  limits?: RuntimeLimits,
): Promise<SmartModuleChain> {
  const steps = [];
  for (const step of spec) {
    const reference = parseModuleReference(step.module);
    if (!reference.ok) throw new SmartModuleError("not-found", reference.message);
    const resolved = await registry.resolve(reference.value.name, reference.value.version);
    if (!resolved.ok) throw new SmartModuleError("not-found", `SmartModule '${step.module}': ${resolved.error.message}`);
    steps.push({ name: step.module, module: resolved.value.component, params: Object.entries(step.params) });
  }
  return openNodeChain(steps, limits, accumulators);
}

/**
 * Opens chains from one broker's registry under that broker's limits (spu-worker
 * --sm-timeout-ms, --sm-memory-mb), for every place that runs them: produce time, derived
 * topics and SmartFetch sessions.
 */
export class ChainOpener {
  constructor(
    readonly registry: SmartModuleRegistry,
    readonly limits: RuntimeLimits,
  ) {}

  open(spec: ChainSpec, accumulators?: readonly Uint8Array[]): Promise<SmartModuleChain> {
    return openChain(this.registry, spec, accumulators, this.limits);
  }
}

/** Why `spec` cannot run (unknown module, rejected params), or null when it starts. */
export async function chainProblem(registry: SmartModuleRegistry, spec: ChainSpec): Promise<string | null> {
  try {
    const chain = await openChain(registry, spec);
    await chain.close();
    return null;
  } catch (cause) {
    return cause instanceof SmartModuleError ? cause.message : `cannot start the SmartModule chain: ${String(cause)}`;
  }
}
