import { DEFAULT_RUNTIME_LIMITS, type RuntimeLimits } from "@freshet/smartmodule/runtime-node";

/** What an operator may bound per SmartModule instance (spu-worker --sm-timeout-ms, --sm-memory-mb). */
export interface SmartModuleLimits {
  /** Longest one batch may run in one module before its instance is stopped. */
  readonly batchTimeoutMs: number;
  /** Linear memory one instance may grow to. */
  readonly memoryLimitBytes: number;
}

/** The runtime's limits with the operator's bounds applied; the runtime's defaults for what is unset. */
export function runtimeLimitsOf(limits: SmartModuleLimits | undefined): RuntimeLimits {
  return limits === undefined ? DEFAULT_RUNTIME_LIMITS : { ...DEFAULT_RUNTIME_LIMITS, ...limits };
}
