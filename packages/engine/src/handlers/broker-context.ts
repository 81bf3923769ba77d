import type { AclStore } from "../acls/acl-store.js";
import type { Authorizer } from "../acls/authorizer.js";
import type { GroupCoordinator } from "../groups/group-coordinator.js";
import type { InstanceBudgetLimits } from "../smartmodules/instance-budget.js";
import type { ChainOpener } from "../smartmodules/open-chain.js";
import type { ProduceChains } from "../smartmodules/produce-chain.js";
import type { SmartModuleRegistry } from "../smartmodules/registry.js";
import type { SmartModuleLimits } from "../smartmodules/runtime-limits.js";
import type { TopicDefaults } from "../topics/topic-defaults.js";
import type { BrokerAddress, TopicsView } from "../topics/topics-view.js";
import type { EngineResources } from "../system/resources.js";
import type { UsageMeter } from "../metrics/usage-meter.js";
import type { ByteRateQuotas } from "../quotas/byte-rate-quotas.js";
import type { QuotaStore } from "../quotas/quota-store.js";

/** Where clients reach this broker; the port is known only once the listener is bound. */
export interface BrokerIdentity {
  readonly nodeId: number;
  readonly host: string;
  port: number;
}

export interface BrokerSettings {
  /** Partitions of a topic created without a count (auto-creation, CreateTopics with -1); a controller's setting wins. */
  readonly defaultPartitions: number;
  /** Replicas of a topic created without a factor; unset: 3, or fewer when fewer brokers exist. A controller's setting wins. */
  readonly defaultReplicationFactor?: number;
  /** Create unknown topics when a client's Metadata request allows it (Kafka's auto.create.topics.enable). */
  readonly autoCreateTopics: boolean;
  /** Bounds on every SmartModule instance this broker runs; the runtime's defaults (2 s, 128 MiB) when unset. */
  readonly smartModuleLimits?: SmartModuleLimits;
  /** A SmartFetch session unused this long is closed (its chain's workers stopped). Default 60 s. */
  readonly smartFetchIdleMs?: number;
  /** SmartModule instances readers may hold, in all and per principal. Default 32 and 8. */
  readonly smartModuleInstances?: InstanceBudgetLimits;
  /** Deadline kills or traps in a row (per principal and module) that quarantine a module for that principal. Default 5. */
  readonly smartModuleQuarantineAfter?: number;
  /** group.initial.rebalance.delay.ms: the first join of an empty group waits this long for more members. Default 3000, as Kafka. */
  readonly groupInitialRebalanceDelayMs?: number;
  /** SASL principals that may read and change client quotas and ACLs, and that ACLs never restrict (Kafka's super.users); none when unset. */
  readonly superUsers?: readonly string[];
}

/** What request handlers share. */
export interface BrokerContext {
  readonly identity: BrokerIdentity;
  readonly settings: BrokerSettings;
  readonly topics: TopicsView;
  readonly coordinator: GroupCoordinator;
  /** Standalone: the broker's own registry; in a cluster: the controller's, with components cached locally. */
  readonly smartModules: SmartModuleRegistry;
  /** Opens SmartModule chains from the registry under this broker's limits. */
  readonly chains: ChainOpener;
  /** Chain instances of topics that apply SmartModules to produced batches. */
  readonly produceChains: ProduceChains;
  readonly resources: EngineResources;
  /** Usage counters for billing, when the process serves metrics; null: nothing is counted. */
  readonly usage: UsageMeter | null;
  /** Client quotas: the controller's in a cluster, the broker's own when standalone. */
  readonly quotas: QuotaStore;
  /** ACL bindings: the controller's in a cluster, the broker's own when standalone. */
  readonly acls: AclStore;
  /** Decides requests under those bindings. */
  readonly authorizer: Authorizer;
  /** Throttle times Produce requests earn under those quotas. */
  /** producer_byte_rate, counted on Produce. */
  readonly produceQuotas: ByteRateQuotas;
  /** consumer_byte_rate, counted on what Fetch sends a consumer. */
  readonly fetchQuotas: ByteRateQuotas;
  /** The broker coordinating a group, or null while none can (offsets partition offline). */
  coordinatorOf(groupId: string): Promise<BrokerAddress | null>;
}

/** How this broker creates topics without a count: as its controller says in a cluster, by its own flags alone. */
export function topicDefaultsOf(ctx: Pick<BrokerContext, "topics" | "settings">): TopicDefaults {
  const { defaultPartitions, defaultReplicationFactor } = ctx.settings;
  return ctx.topics.topicDefaults?.() ?? { numPartitions: defaultPartitions, ...(defaultReplicationFactor === undefined ? {} : { replicationFactor: defaultReplicationFactor }) };
}
