export interface SandboxLimits {
  /** Longest one batch may run before the worker is terminated. */
  readonly batchTimeoutMs: number;
  /** Longest a worker may take to start and describe its module. */
  readonly startTimeoutMs: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { batchTimeoutMs: 2000, startTimeoutMs: 15_000 };
