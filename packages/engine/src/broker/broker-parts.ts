import { join } from "node:path";
import type { AclStore } from "../acls/acl-store.js";
import type { OffsetStorage } from "../groups/offset-storage.js";
import type { BrokerContext } from "../handlers/broker-context.js";
import type { QuotaStore } from "../quotas/quota-store.js";
import type { ClusterLink } from "../replication/cluster-link.js";
import type { SmartModuleRegistry } from "../smartmodules/registry.js";
import type { TopicsView } from "../topics/topics-view.js";

/** The systems a broker runs on, whichever mode it is in. */
export interface Parts {
  readonly topics: TopicsView & { enforceRetention(): Promise<void>; cleanLogs(): Promise<void>; close(): Promise<void>; stopServing?(): Promise<void> };
  readonly offsets: OffsetStorage;
  readonly coordinatorOf: BrokerContext["coordinatorOf"];
  readonly smartModules: SmartModuleRegistry;
  readonly link: ClusterLink | null;
  readonly quotas: QuotaStore;
  readonly acls: AclStore;
}

export function smartModulesDir(dataDir: string, sub = ""): string {
  return join(dataDir, "smartmodules", sub);
}
