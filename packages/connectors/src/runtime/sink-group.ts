/** The consumer group a sink reads with: its committed offsets are the sink's offsets. */
export function sinkGroupId(connectorName: string): string {
  return `connector-${connectorName}`;
}
