import { errorCode } from "@freshet/protocol/errors/error-codes";
import { metadata, type MetadataResponse } from "@freshet/protocol/messages/metadata";
import type { BrokerContext } from "../broker/broker-context.js";
import { handler } from "../server/handler.js";
import { defaultTopicConfig, topicNameProblem } from "../topics/topic-config.js";
import type { Topic } from "../topics/topic-registry.js";

type TopicEntry = MetadataResponse["topics"][number];

function describeTopic(topic: Topic, nodeId: number): TopicEntry {
  return {
    errorCode: 0,
    name: topic.name,
    isInternal: false,
    partitions: topic.partitions.map((p) => ({
      errorCode: 0,
      partitionIndex: p.index,
      leaderId: nodeId,
      replicaNodes: [nodeId],
      isrNodes: [nodeId],
    })),
  };
}

function failedTopic(name: string, code: number): TopicEntry {
  return { errorCode: code, name, isInternal: false, partitions: [] };
}

export function metadataHandler(ctx: BrokerContext) {
  return handler(metadata, async (request) => {
    const { registry, identity, settings } = ctx;
    const wantsAll = request.topics === null;
    const topics: TopicEntry[] = [];
    if (wantsAll) {
      for (const topic of registry.list()) topics.push(describeTopic(topic, identity.nodeId));
    } else {
      for (const { name } of request.topics ?? []) {
        const existing = registry.get(name);
        if (existing) {
          topics.push(describeTopic(existing, identity.nodeId));
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
        const problem = await registry.create(name, settings.defaultPartitions, defaultTopicConfig());
        const created = registry.get(name);
        // A concurrent request may have created it first; either way it exists now.
        if (created) topics.push(describeTopic(created, identity.nodeId));
        else topics.push(failedTopic(name, errorCode(problem?.errorName ?? "LEADER_NOT_AVAILABLE")));
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: identity.nodeId, host: identity.host, port: identity.port, rack: null }],
      clusterId: registry.clusterId,
      controllerId: identity.nodeId,
      topics,
    };
  });
}
