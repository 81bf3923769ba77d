import { errorCode } from "@freshet/protocol/errors/error-codes";
import { AUTHORIZED_OPERATIONS_OMITTED, metadata, type MetadataResponse } from "@freshet/protocol/messages/metadata";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { topicDefaultsOf, type BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";
import { defaultTopicConfig, topicNameProblem } from "../topics/topic-config.js";
import { defaultReplication } from "../topics/topic-defaults.js";
import type { TopicDescription } from "../topics/topics-view.js";

type TopicEntry = MetadataResponse["topics"][number];

function describeTopic(topic: TopicDescription): TopicEntry {
  return {
    errorCode: 0,
    name: topic.name,
    topicId: topic.id,
    isInternal: topic.name.startsWith("__"),
    partitions: topic.partitions.map((p) => ({
      // Clients refresh metadata and retry while a partition has no leader.
      errorCode: p.leader < 0 ? errorCode("LEADER_NOT_AVAILABLE") : 0,
      partitionIndex: p.index,
      leaderId: p.leader,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [...p.replicas],
      isrNodes: [...p.isr],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

function failedTopic(name: string | null, code: number, topicId = ZERO_UUID): TopicEntry {
  return { errorCode: code, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED };
}

export function metadataHandler(ctx: BrokerContext) {
  return handler(metadata, async (request, { header }) => {
    const { topics: view, settings } = ctx;
    const topics: TopicEntry[] = [];
    if (request.topics === null) {
      for (const topic of view.list()) if (!topic.name.startsWith("__")) topics.push(describeTopic(topic));
    } else {
      for (const requested of request.topics) {
        // v10+ may name a topic by id alone.
        const name = requested.name ?? view.list().find((t) => t.id === requested.topicId)?.name;
        if (name === undefined) {
          // Names are nullable only from v12; Kafka answers v10-11 with an empty one.
          topics.push(failedTopic(header.apiVersion >= 12 ? null : "", errorCode("UNKNOWN_TOPIC_ID"), requested.topicId));
          continue;
        }
        const existing = view.describe(name);
        if (existing) {
          topics.push(describeTopic(existing));
          continue;
        }
        if (topicNameProblem(name) !== null) {
          topics.push(failedTopic(name, errorCode("INVALID_TOPIC_EXCEPTION")));
          continue;
        }
        if (!settings.autoCreateTopics || !request.allowAutoTopicCreation) {
          topics.push(failedTopic(name, errorCode("UNKNOWN_TOPIC_OR_PARTITION")));
          continue;
        }
        const defaults = topicDefaultsOf(ctx);
        const brokers = view.brokers().length;
        const replication = defaultReplication(defaults, brokers);
        if (replication > brokers) {
          topics.push(failedTopic(name, errorCode("INVALID_REPLICATION_FACTOR")));
          continue;
        }
        const problem = await view.create(name, defaults.numPartitions, replication, defaultTopicConfig(), []);
        const created = view.describe(name);
        // A concurrent request may have created it first; either way it exists now.
        if (created) topics.push(describeTopic(created));
        else topics.push(failedTopic(name, errorCode(problem?.errorName ?? "LEADER_NOT_AVAILABLE")));
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: view.brokers().map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: null })),
      clusterId: view.clusterId,
      controllerId: view.controllerId(),
      topics,
      clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    };
  });
}
