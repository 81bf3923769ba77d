import { Counter, Histogram, type Registry } from "prom-client";

/**
 * Seconds from 50 µs to 30 s: an in-memory ApiVersions answers in well under a
 * millisecond, an acks=all Produce waits for followers (milliseconds), and a Fetch
 * or JoinGroup may be held for its whole wait (seconds).
 */
export const REQUEST_DURATION_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What the dispatcher reports about each request a handler answered (or chose not to answer). */
export interface RequestObserver {
  /** `api` is the API's name (Produce, Fetch, ...); `seconds` from decoding to the encoded answer. */
  observe(api: string, seconds: number): void;
}

/**
 * Requests per API and their latency. Kept by prom-client itself (not at scrape time
 * like the usage counters): these are operational series, not billed, and a restart
 * resetting them is what Prometheus's rate() expects.
 */
export function registerRequestMetrics(registry: Registry): RequestObserver {
  const registers = [registry];
  const requests = new Counter({
    name: "freshet_requests_total",
    help: "Kafka protocol requests handled, per API (requests refused before their handler, e.g. malformed ones, are not counted).",
    labelNames: ["api"],
    registers,
  });
  const duration = new Histogram({
    name: "freshet_request_duration_seconds",
    help: "Seconds from a decoded request to its encoded answer, per API; Fetch and JoinGroup include the time they are held waiting.",
    labelNames: ["api"],
    buckets: REQUEST_DURATION_BUCKETS,
    registers,
  });
  return {
    observe(api, seconds) {
      requests.inc({ api });
      duration.observe({ api }, seconds);
    },
  };
}
