/** "host:port" once the cluster has endpoints, null while it is still being provisioned. */
export function bootstrapOf(cluster: { bootstrapHost: string | null; bootstrapPort: number | null }): string | null {
  if (cluster.bootstrapHost === null || cluster.bootstrapPort === null) return null;
  return `${cluster.bootstrapHost}:${cluster.bootstrapPort}`;
}
