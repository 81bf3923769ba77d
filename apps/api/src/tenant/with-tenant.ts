import type { FreshetClient } from "@freshet/client/client";
import type { TenantConnector, TenantEndpoint } from "@freshet/control-plane/tenant-connector";
import { tenantError } from "./tenant-errors.js";

/** Runs `work` with a client logged in to the cluster as the control plane, closing it after; failures become sentences. */
export async function withTenant<T>(tenants: TenantConnector, endpoint: TenantEndpoint, work: (client: FreshetClient) => Promise<T>, topic?: string): Promise<T> {
  const client = tenants.open(endpoint);
  try {
    return await work(client);
  } catch (error) {
    throw tenantError(error, topic);
  } finally {
    await client.close();
  }
}
