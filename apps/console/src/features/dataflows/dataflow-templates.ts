/** The document a new dataflow starts from: an entity-as-a-stock view, the shape the Views page charts. */
export const STOCK_TEMPLATE = `apiVersion: freshet.io/v1
kind: Dataflow
name: product-movers
description: Orders and reviews per product and minute, their deltas, and how they move together.
sources:
  events:
    topic: product-events
    key: string(product)
    watermark: { maxOutOfOrder: 5s }
operators:
  movers:
    from: events
    stock:
      step: 1m
      measures:
        orders: { count: kind == "order" }
        reviews: { count: kind == "review" }
      movingAverage: 5
      correlate: [orders, reviews]
sinks:
  product-stock: { from: movers, view: {} }
`;
