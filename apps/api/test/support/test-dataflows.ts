import type { DataflowRuntimeStatus, ViewRowView } from "@freshet/control-plane/dataflows/dataflow-process";

/** An entity-as-a-stock dataflow: per product and minute, orders and reviews with their deltas, and how they move together. */
export function stockDataflowYaml(name: string): string {
  return [
    "apiVersion: freshet.io/v1",
    "kind: Dataflow",
    `name: ${name}`,
    "sources:",
    "  events:",
    "    topic: product-events",
    "    key: product",
    "operators:",
    "  movers:",
    "    from: events",
    "    stock:",
    "      step: 1m",
    "      measures:",
    "        orders: { count: kind == 'order' }",
    "        reviews: { count: kind == 'review' }",
    "      correlate: [orders, reviews]",
    "sinks:",
    "  product-stock: { from: movers, view: {} }",
    "",
  ].join("\n");
}

export function runningStatus(name: string): DataflowRuntimeStatus {
  return {
    name,
    state: "running",
    updatedAt: new Date().toISOString(),
    checkpoint: { at: null, count: 3 },
    sources: [{ id: "events", topic: "product-events", partitions: [{ partition: 0, offset: 40, highWatermark: 42, lag: 2 }] }],
    operators: [{ id: "movers", kind: "stock", recordsIn: 40, recordsOut: 6, watermark: 120_000, stateEntries: 4, lateDropped: 1, errors: 0 }],
    views: ["product-stock"],
  };
}

/** A stock row as the runtime emits it for one product and step. */
export function stockRow(key: string, step: number, orders: number, delta: number): ViewRowView {
  const windowStart = step * 60_000;
  return {
    view: "product-stock",
    key,
    windowStart,
    windowEnd: windowStart + 60_000,
    value: { key, windowStart, windowEnd: windowStart + 60_000, orders: { value: orders, delta, movingAverage: orders }, reviews: { value: 1, delta: 0, movingAverage: 1 }, correlation: null },
    closed: true,
  };
}
