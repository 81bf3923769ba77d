import type { ConnectorView } from "../cloud/api-client.js";

/** `connector "webhooks" (http-source source) on cluster "main": Running`, and why when it failed. */
export function connectorStatusLine(connector: ConnectorView, clusterName: string): string {
  const why = connector.statusReason === null ? "" : ` — ${connector.statusReason}`;
  const stopping = connector.desiredState === "stopped" && connector.status !== "Stopped" && connector.status !== "Deleting" ? " (stopping)" : "";
  return `connector "${connector.name}" (${connector.type} ${connector.kind}) on cluster "${clusterName}": ${connector.status}${stopping}${why}\n`;
}

/** The runtime's counters as lines of `name: value`, or a note that there are none yet. */
export function connectorMetricsText(connector: ConnectorView): string {
  const metrics = connector.metrics;
  if (metrics === null) return "no metrics yet (the connector has not reported)\n";
  const rows: [string, string][] = [
    ["records in", String(metrics.recordsIn)],
    ["records out", String(metrics.recordsOut)],
    ["errors", String(metrics.errors)],
    ["dead-lettered", String(metrics.deadLettered)],
  ];
  if (metrics.lag !== undefined) rows.push(["lag", String(metrics.lag)]);
  if (metrics.lastSuccessAt !== undefined) rows.push(["last success", metrics.lastSuccessAt]);
  if (connector.observedAt !== null) rows.push(["as of", connector.observedAt]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width + 1)} ${value}\n`).join("");
}
