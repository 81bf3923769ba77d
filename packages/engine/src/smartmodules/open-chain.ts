import { SmartModuleError } from "@freshet/smartmodule/errors";
import type { SmartModuleChain } from "@freshet/smartmodule/chain/chain";
import type { CompiledSmartModule } from "@freshet/smartmodule/host/compiled-module";
import type { InstanceFactory } from "@freshet/smartmodule/host/module-instance";
import { openNodeChain, type RuntimeLimits } from "@freshet/smartmodule/runtime-node";
import { WarmSpares } from "@freshet/smartmodule/sandbox/warm-spares";
import type { EngineResources } from "../system/resources.js";
import { systemClock } from "../system/clock.js";
import { silentLogger } from "../system/logger.js";
import { admittedFactory, type InstanceAdmission } from "./admitted-instance.js";
import type { ChainSpec } from "./chain-spec.js";
import { DEFAULT_INSTANCE_BUDGET, InstanceBudget, type InstanceBudgetLimits } from "./instance-budget.js";
import { DEFAULT_QUARANTINE_POLICY, ModuleQuarantine, type QuarantinePolicy } from "./module-quarantine.js";
import { parseModuleReference } from "./module-reference.js";
import type { SmartModuleEntry, SmartModuleRegistry } from "./registry.js";
import { meteredFactory } from "./metered-instance.js";
import type { UsageMeter } from "../metrics/usage-meter.js";

// A spare is a worker thread holding an instantiated component (tens of MB): a few, briefly.
const MAX_SPARES = 8;
const SPARE_IDLE_MS = 60_000;

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
  startFor?: (entry: SmartModuleEntry) => InstanceFactory<CompiledSmartModule>,
): Promise<SmartModuleChain> {
  const steps = [];
  // A compiled module's digest is its registry entry's: it tells each step's instance which version it runs.
  const entries = new Map<string, SmartModuleEntry>();
  for (const step of spec) {
    const reference = parseModuleReference(step.module);
    if (!reference.ok) throw new SmartModuleError("not-found", reference.message);
    const resolved = await registry.resolve(reference.value.name, reference.value.version);
    if (!resolved.ok) throw new SmartModuleError("not-found", `SmartModule '${step.module}': ${resolved.error.message}`);
    entries.set(resolved.value.entry.digest, resolved.value.entry);
    steps.push({ name: step.module, module: resolved.value.component, params: Object.entries(step.params) });
  }
  const start: InstanceFactory<CompiledSmartModule> | undefined = startFor && ((compiled, name) => startFor(entries.get(compiled.digest)!)(compiled, name));
  return openNodeChain(steps, limits, accumulators, start);
}

export interface ChainAdmissionOptions {
  /** How many instances readers may hold; defaults to DEFAULT_INSTANCE_BUDGET. */
  readonly budget?: InstanceBudgetLimits;
  /** When a failing module is quarantined; defaults to DEFAULT_QUARANTINE_POLICY. */
  readonly quarantine?: QuarantinePolicy;
  /** Clock of the quarantine and logger of its notices; the system clock and a silent logger by default. */
  readonly resources?: EngineResources;
  /** Where every instance's calls are counted, per module version; unset or null: not counted. */
  readonly usage?: UsageMeter | null;
}

/** Who opens a chain for reading: the principal its instances count against. */
export interface ChainReader {
  readonly principal: string;
}

/**
 * Opens chains from one broker's registry under that broker's limits (spu-worker
 * --sm-timeout-ms, --sm-memory-mb), for every place that runs them: produce time, derived
 * topics and SmartFetch sessions. Instances come from warm spares, so a stream that follows
 * a deadline kill or a trap, or the next reader of a module, does not wait for a worker.
 * Readers' instances count against the broker's instance budget (produce-time chains and
 * derived topics are bounded by the topics that declare them); every instance against
 * its module's quarantine.
 */
export class ChainOpener {
  readonly #spares: WarmSpares;
  readonly #admission: InstanceAdmission;
  readonly #usage: UsageMeter | null;

  constructor(
    readonly registry: SmartModuleRegistry,
    readonly limits: RuntimeLimits,
    options: ChainAdmissionOptions = {},
  ) {
    // The sandbox loads with the first spare (openNodeChain loads it with the first chain anyway).
    const start: InstanceFactory<CompiledSmartModule> = async (module, name) => (await import("@freshet/smartmodule/sandbox/worker-instance")).WorkerInstance.start(module, name, limits);
    this.#spares = new WarmSpares({ start, maxSpares: MAX_SPARES, idleMs: SPARE_IDLE_MS });
    this.#admission = {
      budget: new InstanceBudget(options.budget ?? DEFAULT_INSTANCE_BUDGET),
      quarantine: new ModuleQuarantine(options.quarantine ?? DEFAULT_QUARANTINE_POLICY, options.resources?.clock ?? systemClock),
      logger: options.resources?.logger ?? silentLogger,
    };
    this.#usage = options.usage ?? null;
  }

  /** Starts `spec`; for a reader, only within the instance budget. */
  open(spec: ChainSpec, accumulators?: readonly Uint8Array[], reader?: ChainReader): Promise<SmartModuleChain> {
    const admitted = admittedFactory(this.#spares.take, this.#admission, reader?.principal ?? null);
    const usage = this.#usage;
    return openChain(this.registry, spec, accumulators, this.limits, usage === null ? () => admitted : (entry) => meteredFactory(admitted, usage.module(entry.name, entry.version)));
  }

  /** Stops the spare workers (broker shutdown). */
  close(): Promise<void> {
    return this.#spares.close();
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
