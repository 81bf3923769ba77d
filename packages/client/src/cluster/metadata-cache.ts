import type { MetadataResponse } from "@freshet/protocol/messages/metadata";

export interface BrokerInfo {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface PartitionInfo {
  readonly partition: number;
  /** -1 while no leader is elected. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly errorCode: number;
}

export interface TopicInfo {
  readonly name: string;
  readonly errorCode: number;
  readonly isInternal: boolean;
  /** Sorted by partition number. */
  readonly partitions: readonly PartitionInfo[];
}

export interface ClusterInfo {
  readonly clusterId: string | null;
  readonly controllerId: number;
  readonly brokers: readonly BrokerInfo[];
}

/** The latest Metadata answers: brokers always, topics as far as they were asked for. */
export class MetadataCache {
  #cluster: ClusterInfo = { clusterId: null, controllerId: -1, brokers: [] };
  #brokers = new Map<number, BrokerInfo>();
  #topics = new Map<string, TopicInfo>();

  get cluster(): ClusterInfo {
    return this.#cluster;
  }

  broker(nodeId: number): BrokerInfo | undefined {
    return this.#brokers.get(nodeId);
  }

  topic(name: string): TopicInfo | undefined {
    return this.#topics.get(name);
  }

  /** Stores a response and returns its topics in the shape the rest of the client uses. */
  update(response: MetadataResponse): TopicInfo[] {
    const brokers = response.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack }));
    this.#cluster = { clusterId: response.clusterId, controllerId: response.controllerId, brokers };
    this.#brokers = new Map(brokers.map((b) => [b.nodeId, b]));
    const topics = response.topics.map((t): TopicInfo => ({
      // Null only in Metadata v12+ answers about unknown topic ids, which this client never asks.
      name: t.name ?? "",
      errorCode: t.errorCode,
      isInternal: t.isInternal,
      partitions: t.partitions
        .map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, replicas: p.replicaNodes, isr: p.isrNodes, errorCode: p.errorCode }))
        .sort((a, b) => a.partition - b.partition),
    }));
    for (const topic of topics) {
      if (topic.errorCode === 0) this.#topics.set(topic.name, topic);
      else this.#topics.delete(topic.name);
    }
    return topics;
  }

  forgetTopics(): void {
    this.#topics.clear();
  }
}
