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
