import { createClient, type FreshetClient } from "@freshet/client/client";
import { CONTROL_PLANE_USERNAME, controlPlanePassword } from "./control-plane-login.js";

export interface TenantEndpoint {
  readonly id: string;
  readonly bootstrapHost: string;
  readonly bootstrapPort: number;
}

/** Opens a client to a tenant cluster, logged in as the control plane. */
export interface TenantConnector {
  open(cluster: TenantEndpoint): FreshetClient;
}

export function createTenantConnector(controlPlaneSecret: string): TenantConnector {
  return {
    open: (cluster) =>
      createClient({
        bootstrap: `${cluster.bootstrapHost}:${cluster.bootstrapPort}`,
        clientId: "freshet-control-plane",
        sasl: { mechanism: "scram-sha-256", username: CONTROL_PLANE_USERNAME, password: controlPlanePassword(controlPlaneSecret, cluster.id) },
        // A console page or a worker pass: better a quick clear error than a minute of retries.
        connectTimeoutMs: 5_000,
        requestTimeoutMs: 10_000,
        retry: { retries: 3, initialDelayMs: 100, maxDelayMs: 1_000, factor: 2 },
      }),
  };
}
