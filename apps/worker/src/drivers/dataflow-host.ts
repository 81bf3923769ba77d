import type { DataflowRuntimeStatus } from "@freshet/control-plane/dataflows/dataflow-process";

/** What a dataflow process needs: its document with the cluster block filled in and its login's password. */
export interface DataflowSpec {
  readonly clusterId: string;
  readonly dataflowId: string;
  /** The whole document the process runs (the user's plus `cluster:`, whose passwordFile is `password`). */
  readonly yaml: string;
  /** Written beside the document, mode 0600, as the file its `cluster.sasl.passwordFile` names. */
  readonly password: string;
}

/** A dataflow as this host sees it: whether its process runs, what it last wrote, where its HTTP API listens. */
export interface DataflowObservation {
  readonly alive: boolean;
  /** DIR/dataflow-status.json; null before the first write (or when unreadable). */
  readonly status: DataflowRuntimeStatus | null;
  /** host:port of its HTTP API (status and views) from its runtime file, while it runs. */
  readonly endpoint: string | null;
  /** The last lines of its log (stdout and stderr across restarts). */
  readonly logTail: string;
}

/** Where dataflows run, beside their cluster. Every method is idempotent, as the ConnectorHost's are. */
export interface DataflowHost {
  /** Writes its files and starts its process unless one runs with exactly this document (else restarts it); true if it started one. */
  ensure(spec: DataflowSpec): Promise<boolean>;
  /** Stops its process; its files and state stay. */
  stop(clusterId: string, dataflowId: string): Promise<void>;
  /** Stops it and deletes its files, its state with them. */
  remove(clusterId: string, dataflowId: string): Promise<void>;
  observe(clusterId: string, dataflowId: string): Promise<DataflowObservation>;
}
