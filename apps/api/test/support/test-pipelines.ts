/**
 * A pipeline of the API tests' own connector (test-source, see test-connectors.ts): a source
 * connector into a topic, a filter, a view, and a sink topic read straight from the source.
 * `threshold` is the filter's; `x` moves the source on the canvas (layout only).
 */
export function testPipelineYaml(name: string, options: { threshold?: number; x?: number; url?: string } = {}): string {
  return [
    "apiVersion: freshet.io/v1",
    "kind: Pipeline",
    `name: ${name}`,
    "sources:",
    "  events:",
    `    topic: ${name}-events`,
    "    connector:",
    "      type: test-source",
    `      config: { url: "${options.url ?? "http://127.0.0.1:9/"}" }`,
    "operators:",
    "  big:",
    "    from: events",
    `    filter: amount > ${(options.threshold ?? 10).toString()}`,
    "sinks:",
    "  big-view: { from: big, view: {} }",
    "layout:",
    `  events: { x: ${(options.x ?? 0).toString()}, y: 0 }`,
    "",
  ].join("\n");
}

/** A pipeline over the text topic `topic`: records longer than one character go to a view and (were it deployed) a topic. */
export function ordersPipelineYaml(name: string, topic = "orders"): string {
  return [
    "apiVersion: freshet.io/v1",
    "kind: Pipeline",
    `name: ${name}`,
    "sources:",
    `  orders: { topic: ${topic}, format: text }`,
    "operators:",
    "  big: { from: orders, filter: 'size(_record) > 1' }",
    "sinks:",
    "  big-orders: { from: big, view: {} }",
    "  to-topic: { from: big, topic: big-orders }",
    "",
  ].join("\n");
}
