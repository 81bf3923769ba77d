import { linkAclStore } from "../acls/acl-store.js";
import type { CredentialStore } from "../auth/credential-store.js";
import type { IsrChanges } from "../metrics/isr-changes.js";
import { linkQuotaStore } from "../quotas/quota-store.js";
import { ReplicaManager } from "../replication/replica-manager.js";
import { ReplicatedOffsets } from "../replication/replicated-offsets.js";
import { ControllerRegistry } from "../smartmodules/controller-registry.js";
import type { EngineResources } from "../system/resources.js";
import type { BrokerAddress } from "../topics/topics-view.js";
import type { BrokerConfig, ClusterJoin } from "./broker.js";
import { smartModulesDir, type Parts } from "./broker-parts.js";

/**
 * The parts of an SPU: it follows the controller and replicates with its peers. broker.ts
 * imports this module only for a broker that joins a cluster, so a standalone one does not
 * load the replication code (nor the client connections its followers fetch with).
 */
export async function clusterParts(
  config: BrokerConfig,
  resources: EngineResources,
  self: BrokerAddress,
  join: ClusterJoin,
  credentials: CredentialStore | null,
  isrChanges: IsrChanges | undefined,
): Promise<Parts> {
  // Followers fetch from leaders over the Kafka port, which requires SASL when credentials are set: they log in
  // as the file's internal user. The controller port has its own authentication: every connection proves it
  // holds the cluster's controller secret (controller/controller-auth-gate.ts), whatever SASL says.
  const internalLogin = credentials?.internalLogin();
  if (credentials !== null && internalLogin === undefined) {
    throw new Error('an SPU with SASL credentials needs an "internal" user in the file to replicate from its peers');
  }
  const link = await join(self);
  const replicas = await ReplicaManager.start({ selfId: config.nodeId, dataDir: config.dataDir, replicaLagMaxMs: config.replicaLagMaxMs ?? 10_000, internalLogin, isrChanges }, link, resources);
  const offsets = new ReplicatedOffsets(replicas, resources);
  // The controller owns the list; this SPU only caches the components it has run.
  const smartModules = new ControllerRegistry(link.smartModules, smartModulesDir(config.dataDir, "cache"));
  return { topics: replicas, offsets, coordinatorOf: (groupId) => offsets.coordinatorOf(groupId), smartModules, link, quotas: linkQuotaStore(link), acls: linkAclStore(link) };
}
