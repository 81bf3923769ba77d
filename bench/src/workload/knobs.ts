import type { BenchOptions, FreshetDurability } from "../cli/options.js";

/** The concurrency and batching knobs every driver receives, identical for all peers. */
export interface WorkloadKnobs {
  readonly batch: number;
  readonly inFlight: number;
  readonly fetchBatch: number;
  readonly acks: 1 | -1;
  readonly phaseTimeoutMs: number;
  readonly freshetDurability: FreshetDurability | null;
}

export function knobsOf(options: BenchOptions): WorkloadKnobs {
  return {
    batch: options.batch,
    inFlight: options.inFlight,
    fetchBatch: options.fetchBatch,
    acks: options.acks,
    phaseTimeoutMs: options.phaseTimeoutMs,
    freshetDurability: options.freshetDurability,
  };
}
