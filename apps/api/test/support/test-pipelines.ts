/** A pipeline over the topic `topic`: its JSON records kept when `qty` is over 1, counted per key in a view. */
export function ordersPipelineYaml(name: string, topic = "orders"): string {
  return [
    "apiVersion: freshet.io/v1",
    "kind: Pipeline",
    `name: ${name}`,
    "sources:",
    `  orders: { topic: ${topic}, format: text }`,
    "operators:",
    "  big: { from: orders, filter: 'size(value) > 1' }",
    "sinks:",
    "  big-orders: { from: big, view: {} }",
    "  to-topic: { from: big, topic: big-orders }",
    "",
  ].join("\n");
}
