import type { TenantConnector } from "@freshet/control-plane/tenant-connector";
import type { ProducerQuotas } from "./spend-cap-enforcer.js";

/** Producer quotas set over the Kafka protocol (AlterClientQuotas), logged in as the control plane, one of each cluster's super users. */
export function tenantProducerQuotas(tenants: TenantConnector): ProducerQuotas {
  return {
    async setDefaultProducerByteRate(cluster, bytesPerSecond) {
      const client = tenants.open(cluster);
      try {
        await client.admin.setDefaultProducerByteRate(bytesPerSecond);
      } finally {
        await client.close();
      }
    },
  };
}
