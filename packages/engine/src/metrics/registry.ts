import { collectDefaultMetrics, Registry } from "prom-client";

export type { Registry as MetricsRegistry } from "prom-client";

/**
 * The metrics of one engine process: prom-client's process and Node.js metrics under
 * their standard names (process_cpu_seconds_total, process_resident_memory_bytes, ...),
 * and the gauges systems add as they start. One registry per process rather than
 * prom-client's global one, so several brokers in one test process keep theirs apart.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
