import type { ErrorName } from "@freshet/protocol/errors/error-codes";
import type { Partition } from "./partition.js";
import type { TopicConfig } from "./topic-config.js";
import type { TopicDefaults } from "./topic-defaults.js";

export interface BrokerAddress {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/** A partition as the cluster sees it: where it lives, whoever holds it. */
export interface PartitionPlacement {
  readonly index: number;
  /** -1 while offline (no eligible leader). */
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicDescription {
  readonly name: string;
  readonly id: string;
  readonly config: TopicConfig;
  readonly explicitConfig: readonly string[];
  readonly partitions: readonly PartitionPlacement[];
}

/** The replicas of each partition, in partition order; the first replica is the preferred leader. */
export type ReplicaAssignment = readonly (readonly number[])[];

export type TopicChangeError = {
  readonly errorName: ErrorName;
  readonly message: string;
};

/**
 * What request handlers need from topic metadata and local replicas, whether the
 * broker runs alone (it is its own controller) or as an SPU of a cluster (the
 * controller owns metadata; this SPU holds some replicas).
 */
export interface TopicsView {
  readonly clusterId: string;
  brokers(): BrokerAddress[];
  /** The broker clients send admin requests to (kafkajs asks the controller id from Metadata). */
  controllerId(): number;
  list(): TopicDescription[];
  describe(name: string): TopicDescription | undefined;
  /** The replica of a partition held on this broker, if any. */
  local(topic: string, index: number): Partition | undefined;
  /** `assignment`: each partition's replicas as the client placed them (CreateTopics assignments); none = spread by the controller. */
  create(name: string, partitions: number, replicationFactor: number, config: TopicConfig, explicitConfig: readonly string[], assignment?: ReplicaAssignment): Promise<TopicChangeError | null>;
  delete(name: string): Promise<TopicChangeError | null>;
  addPartitions(name: string, total: number): Promise<TopicChangeError | null>;
  /** Replaces a topic's configs (already validated); its replicas apply the new segment and retention settings. */
  alterConfig(name: string, config: TopicConfig, explicitConfig: readonly string[]): Promise<TopicChangeError | null>;
  allocateProducerId(): Promise<number>;
  /**
   * Whether `producerId` was handed out by allocateProducerId on any broker of the
   * cluster (before a restart too); may wait briefly for news of another broker's allocation.
   */
  producerIdIssued(producerId: number): boolean | Promise<boolean>;
  /** The cluster's defaults for topics created without a count, where a controller sets them; the broker's own otherwise. */
  topicDefaults?(): TopicDefaults | undefined;
}
