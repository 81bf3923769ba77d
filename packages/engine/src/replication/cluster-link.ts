import type { AclBinding, AclChange } from "../acls/acl-bindings.js";
import type { ClientQuotas, QuotaChange } from "../quotas/client-quotas.js";
import type { SmartModuleController } from "../smartmodules/controller-registry.js";
import type { TopicConfig } from "../topics/topic-config.js";
import type { TopicDefaults } from "../topics/topic-defaults.js";
import type { ReplicaAssignment, TopicChangeError } from "../topics/topics-view.js";

/** The parts of the controller's state document an SPU acts on (see controller/cluster-state.ts). */
export interface ClusterStateView {
  readonly clusterId: string;
  readonly stateEpoch: number;
  /** Producer ids below it were handed out (in blocks, to any SPU). */
  readonly nextProducerId: number;
  readonly spus: Readonly<Record<string, { readonly host: string; readonly port: number; readonly live: boolean }>>;
  readonly topics: Readonly<
    Record<
      string,
      {
        readonly id: string;
        readonly config: TopicConfig;
        readonly explicitConfig: readonly string[];
        readonly partitions: readonly { readonly replicas: readonly number[]; readonly leader: number; readonly leaderEpoch: number; readonly isr: readonly number[] }[];
      }
    >
  >;
  /** How topics created without a count are made; absent from an older controller. */
  readonly topicDefaults?: TopicDefaults | undefined;
  /** Client quotas every SPU enforces; absent from an older controller. */
  readonly quotas?: ClientQuotas | undefined;
  /** ACL bindings every SPU enforces; absent from an older controller. */
  readonly acls?: readonly AclBinding[] | undefined;
}

/** How an SPU talks to its controller: state it watches, and the changes it asks for. */
export interface ClusterLink {
  /** The newest state received; null until the first arrives. */
  current(): ClusterStateView | null;
  onState(listener: (state: ClusterStateView) => void): () => void;
  createTopic(name: string, partitions: number, replicationFactor: number, config: TopicConfig, explicitConfig: readonly string[], assignment?: ReplicaAssignment): Promise<TopicChangeError | null>;
  /** Creates an internal (`__`-prefixed) topic unless it exists. */
  ensureTopic(name: string, partitions: number, replicationFactor: number, config: TopicConfig): Promise<TopicChangeError | null>;
  deleteTopic(name: string): Promise<TopicChangeError | null>;
  addPartitions(name: string, total: number): Promise<TopicChangeError | null>;
  alterTopicConfig(name: string, config: TopicConfig, explicitConfig: readonly string[]): Promise<TopicChangeError | null>;
  /** Asks the controller to apply validated quota changes, all or none. */
  alterClientQuotas(changes: readonly QuotaChange[]): Promise<TopicChangeError | null>;
  /** Asks the controller to apply a validated ACL change, all or none. */
  alterAcls(change: AclChange): Promise<TopicChangeError | null>;
  allocateProducerIds(count: number): Promise<{ first: number; count: number }>;
  /** Asks the controller to record `isr` for a partition this SPU leads at `leaderEpoch`; false if fenced. */
  alterIsr(topic: string, partition: number, leaderEpoch: number, isr: readonly number[]): Promise<boolean>;
  /** The controller owns the cluster's SmartModules. */
  readonly smartModules: SmartModuleController;
  close(): Promise<void>;
}
