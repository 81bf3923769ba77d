export interface InstanceBudgetLimits {
  /** SmartModule instances readers may hold on this broker at once (spu-worker --sm-max-instances). */
  readonly maxInstances: number;
  /** Of those, what one principal may hold (--sm-max-instances-per-principal). */
  readonly maxInstancesPerPrincipal: number;
}

export const DEFAULT_INSTANCE_BUDGET: InstanceBudgetLimits = { maxInstances: 32, maxInstancesPerPrincipal: 8 };

/** Who holds instances when the listener does not authenticate (Kafka's User:ANONYMOUS). */
export const ANONYMOUS = "ANONYMOUS";

export type Admission = { readonly ok: true; readonly release: () => void } | { readonly ok: false; readonly message: string };

/**
 * Counts the SmartModule instances readers hold — each a worker thread with its own
 * heap and module memory, and a core while it runs — per broker and per principal.
 * A request beyond either limit is refused, not queued: a reader learns at once why
 * and can end another stream, where a queue would hold its request open for as long
 * as a looping module keeps a place.
 */
export class InstanceBudget {
  #total = 0;
  readonly #byPrincipal = new Map<string, number>();

  constructor(readonly limits: InstanceBudgetLimits) {}

  /** Takes one instance for `principal`; `release` (safe to call twice) gives it back. */
  admit(principal: string): Admission {
    const held = this.#byPrincipal.get(principal) ?? 0;
    if (held >= this.limits.maxInstancesPerPrincipal) {
      const who = principal === ANONYMOUS ? "Unauthenticated clients already run" : `Principal '${principal}' already runs`;
      return { ok: false, message: `${who} ${instances(held)} on this broker, the most allowed per principal; end another stream first` };
    }
    if (this.#total >= this.limits.maxInstances) {
      return { ok: false, message: `This broker already runs ${instances(this.#total)} for readers, its limit; try again when other streams end` };
    }
    this.#total += 1;
    this.#byPrincipal.set(principal, held + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      const left = (this.#byPrincipal.get(principal) ?? 1) - 1;
      if (left === 0) this.#byPrincipal.delete(principal);
      else this.#byPrincipal.set(principal, left);
    };
    return { ok: true, release };
  }

  /** Instances held now, over all principals. */
  get inUse(): number {
    return this.#total;
  }
}

function instances(count: number): string {
  return `${count} SmartModule instance${count === 1 ? "" : "s"}`;
}
