import { SmartModuleError } from "@freshet/smartmodule/errors";
import type { CompiledSmartModule } from "@freshet/smartmodule/host/compiled-module";
import type { InstanceFactory, ModuleInstance, ProcessOutput } from "@freshet/smartmodule/host/module-instance";
import type { SmartModuleManifest } from "@freshet/smartmodule/manifest";
import type { Logger } from "../system/logger.js";
import type { InstanceBudget } from "./instance-budget.js";
import type { ModuleQuarantine } from "./module-quarantine.js";

/** What decides whether a broker starts another instance of a module. */
export interface InstanceAdmission {
  readonly budget: InstanceBudget;
  readonly quarantine: ModuleQuarantine;
  readonly logger: Logger;
}

/** Deadline kills and traps: the failures that cost the broker a worker and that a retry repeats. */
function isRepeatableFailure(cause: unknown): boolean {
  return cause instanceof SmartModuleError && (cause.kind === "timeout" || cause.kind === "trap");
}

/** Whose record a failure goes on when no reader opened the chain: the topics' own chains (produce time, derived topics). */
const TOPIC_CHAINS = "\u0000topic-chains";

/**
 * Starts instances through `take` once the module is out of quarantine and, for a reader
 * (`principal` given), once the budget has a place; the place is held until the instance
 * closes. Every instance reports how its calls end to the quarantine, which keeps a record
 * per principal and module: one principal's records that make a module trap neither lock
 * the module away from the others nor get reset by their successes.
 */
export function admittedFactory(take: InstanceFactory<CompiledSmartModule>, admission: InstanceAdmission, principal: string | null): InstanceFactory<CompiledSmartModule> {
  return async (compiled, name) => {
    const key = `${principal ?? TOPIC_CHAINS}\u0000${compiled.digest}`;
    const quarantined = admission.quarantine.problem(key, name);
    if (quarantined !== null) throw new SmartModuleError("quarantined", quarantined);
    const place = principal === null ? { ok: true as const, release: () => undefined } : admission.budget.admit(principal);
    if (!place.ok) throw new SmartModuleError("overloaded", place.message);
    const outcomes = new OutcomeReporter(admission, key, name, principal);
    let instance: ModuleInstance;
    try {
      instance = await take(compiled, name);
    } catch (cause) {
      place.release();
      outcomes.report(cause);
      throw cause;
    }
    return new AdmittedInstance(instance, outcomes, place.release);
  };
}

class OutcomeReporter {
  constructor(
    private readonly admission: InstanceAdmission,
    private readonly key: string,
    private readonly name: string,
    private readonly principal: string | null,
  ) {}

  report(cause: unknown): void {
    if (!isRepeatableFailure(cause)) return;
    const until = this.admission.quarantine.failed(this.key);
    // Once per quarantine, not per failed stream.
    if (until === null) return;
    const by = this.principal ?? "topic chains";
    this.admission.logger.warn({ module: this.name, principal: by, until: new Date(until).toISOString() }, "SmartModule quarantined after repeated failures");
  }

  succeeded(): void {
    this.admission.quarantine.succeeded(this.key);
  }
}

class AdmittedInstance implements ModuleInstance {
  constructor(
    private readonly inner: ModuleInstance,
    private readonly outcomes: OutcomeReporter,
    private readonly release: () => void,
  ) {}

  get manifest(): SmartModuleManifest {
    return this.inner.manifest;
  }

  async init(params: readonly (readonly [string, string])[]): Promise<void> {
    try {
      await this.inner.init(params);
    } catch (cause) {
      this.outcomes.report(cause);
      throw cause;
    }
  }

  async process(batch: Uint8Array, accumulator: Uint8Array): Promise<ProcessOutput> {
    try {
      const out = await this.inner.process(batch, accumulator);
      this.outcomes.succeeded();
      return out;
    } catch (cause) {
      this.outcomes.report(cause);
      throw cause;
    }
  }

  async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      this.release();
    }
  }
}
