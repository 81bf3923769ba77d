import type { Registry } from "prom-client";
import type { OffsetStorage } from "../groups/offset-storage.js";
import type { IsrChanges } from "../metrics/isr-changes.js";
import { registerConnectionMetrics, type ConnectionSource } from "../metrics/connection-metrics.js";
import { registerGroupMetrics } from "../metrics/group-metrics.js";
import { registerIsrMetrics } from "../metrics/isr-metrics.js";
import { registerLogMetrics, type PartitionSource } from "../metrics/log-metrics.js";
import { registerRequestMetrics, type RequestObserver } from "../metrics/request-metrics.js";
import { registerUsageMetrics } from "../metrics/usage-metrics.js";
import type { UsageMeter } from "../metrics/usage-meter.js";

/** What a started broker's series are read from. */
export interface MeteredSystems {
  readonly topics: PartitionSource;
  readonly offsets: Pick<OffsetStorage, "groups" | "committedFor">;
  readonly listener: ConnectionSource;
  readonly isrChanges: IsrChanges | undefined;
  readonly usage: UsageMeter;
}

/**
 * The Prometheus series of one broker, in `registry`. broker.ts imports this module
 * only when its process has a registry: prom-client and what it loads (http, https,
 * zlib, perf_hooks) stay out of the memory of a broker that serves no metrics.
 */
export function brokerMetrics(registry: Registry): { requests(): RequestObserver; register(systems: MeteredSystems): void } {
  return {
    requests: () => registerRequestMetrics(registry),
    register({ topics, offsets, listener, isrChanges, usage }) {
      registerLogMetrics(registry, topics);
      registerGroupMetrics(registry, topics, offsets);
      registerConnectionMetrics(registry, listener);
      if (isrChanges !== undefined) registerIsrMetrics(registry, isrChanges);
      registerUsageMetrics(registry, topics, usage);
    },
  };
}
