import type { SaslOptions } from "@freshet/client/connection/sasl/sasl-options";
import type { CredentialsFileJson } from "@freshet/engine/auth/credentials-file";

/** What a cluster should be: its members and the users its brokers accept. */
export interface ClusterSpec {
  readonly clusterId: string;
  readonly spus: number;
  /** Most partitions the tenant's topics may have in all (its plan's limit); the cluster's controller refuses more. */
  readonly maxPartitions: number;
  readonly credentials: CredentialsFileJson;
  /** How the provisioner logs in to check health (the control plane's user). */
  readonly login: SaslOptions;
}

export interface ProvisionedCluster {
  readonly bootstrapHost: string;
  readonly bootstrapPort: number;
  readonly scPort: number;
  readonly dataDir: string;
  /** PEM of the CA that signed the brokers' TLS certificate: clients trust it to connect with TLS. */
  readonly caPem: string;
  /** Members this call had to start (the rest were running already). */
  readonly started: readonly string[];
}

/**
 * Where tenant clusters run. Every method is idempotent and converges from a half-done
 * earlier call: the jobs that call them are retried, and a worker may die at any point.
 */
export interface Provisioner {
  /** Makes the cluster run as `spec` says, starting what is missing; resolves once it is healthy. */
  provision(spec: ClusterSpec, signal?: AbortSignal): Promise<ProvisionedCluster>;
  /** Replaces the users the cluster's brokers accept; false if they already had exactly these. */
  writeCredentials(clusterId: string, credentials: CredentialsFileJson): Promise<boolean>;
  /** Stops the cluster's processes, keeping its data. */
  stop(clusterId: string): Promise<void>;
  /** Stops the cluster and deletes its data. */
  remove(clusterId: string): Promise<void>;
  /** Every cluster with anything (data or processes) here. */
  clusterIds(): Promise<Set<string>>;
}
