import type { FreshetClient } from "@freshet/client/client";
import type { TenantConnector, TenantEndpoint } from "@freshet/control-plane/tenant-connector";
import { tenantError } from "./tenant-errors.js";

/**
 * Runs `work` with a client logged in to the cluster as the control plane, closing it after; a
 * failure becomes the sentence the caller sees (`topic` names the topic it was about, if any).
 */
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
