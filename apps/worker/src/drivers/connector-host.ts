import type { ConnectorStatus } from "@freshet/connectors/status";

/** What a connector process needs: its YAML with the cluster section filled in and its login's password. */
export interface ConnectorSpec {
  readonly clusterId: string;
  readonly connectorId: string;
  /** The whole YAML the process runs (the user's part plus `cluster:`, whose passwordFile is `password`). */
  readonly yaml: string;
  /** Written beside the YAML, mode 0600, as the file its `cluster.sasl.passwordFile` names. */
  readonly password: string;
}

/** A connector as this host sees it: whether its process runs and what its runtime last wrote. */
export interface ConnectorObservation {
  readonly alive: boolean;
  /** The runtime's connector-status.json; null before the first write (or when unreadable). */
  readonly status: ConnectorStatus | null;
  /** The last lines of its log (stdout and stderr across restarts). */
  readonly logTail: string;
}

/**
 * Where connectors run, beside their cluster. Every method is idempotent and converges from a
 * half-done earlier call, as the Provisioner's do.
 */
export interface ConnectorHost {
  /** Writes its files and starts its process unless one runs with exactly this YAML (else restarts it); true if it started one. */
  ensure(spec: ConnectorSpec): Promise<boolean>;
  /** Stops its process; its files (and the runtime's data) stay. */
  stop(clusterId: string, connectorId: string): Promise<void>;
  /** Stops it and deletes its files. */
  remove(clusterId: string, connectorId: string): Promise<void>;
  observe(clusterId: string, connectorId: string): Promise<ConnectorObservation>;
  /** Connectors with a process or files here, by cluster. */
  connectorIds(clusterId: string): Promise<Set<string>>;
}
