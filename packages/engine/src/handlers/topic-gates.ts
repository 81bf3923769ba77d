/*
 * Topic ACLs on the Kafka APIs, as Kafka's KafkaApis checks them: Produce needs WRITE,
 * Fetch (and Freshet's SmartFetch) READ, ListOffsets/OffsetForLeaderEpoch/Metadata DESCRIBE,
 * CreateTopics CREATE (on the topic or the cluster), DeleteTopics/DeleteRecords DELETE,
 * CreatePartitions ALTER (or CREATE, which console rules grant). A denied topic is answered TOPIC_AUTHORIZATION_FAILED per
 * partition; Metadata for all topics and Freshet's DescribeReplicas leave out the ones the
 * client may not describe.
 */
import { CLUSTER_RESOURCE_NAME } from "@freshet/protocol/acls/acl-codes";
import { errorCode } from "@freshet/protocol/errors/error-codes";
import { createPartitions } from "@freshet/protocol/messages/create-partitions";
import { createTopics } from "@freshet/protocol/messages/create-topics";
import { deleteRecords } from "@freshet/protocol/messages/delete-records";
import { deleteTopics } from "@freshet/protocol/messages/delete-topics";
import { fetch } from "@freshet/protocol/messages/fetch";
import { describeReplicas } from "@freshet/protocol/messages/freshet/describe-replicas";
import { smartFetch } from "@freshet/protocol/messages/freshet/smart-fetch";
import { listOffsets } from "@freshet/protocol/messages/list-offsets";
import { AUTHORIZED_OPERATIONS_OMITTED, metadata } from "@freshet/protocol/messages/metadata";
import { offsetForLeaderEpoch } from "@freshet/protocol/messages/offset-for-leader-epoch";
import { produce } from "@freshet/protocol/messages/produce";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { NO_RESPONSE } from "../server/handler.js";
import { gate, split, type Can, type Gate } from "./authorize.js";
import type { BrokerContext } from "./broker-context.js";

const TOPIC_DENIED = errorCode("TOPIC_AUTHORIZATION_FAILED");
const DENIED_MESSAGE = "not authorized for this topic (see its credential's ACLs)";

function topicIdNames(ctx: BrokerContext): Map<string, string> {
  return new Map(ctx.topics.list().map((t) => [t.id, t.name]));
}

export function topicGates(ctx: BrokerContext): Gate[] {
  const mayCreate = (can: Can, name: string) => can("create", "topic", name) || can("create", "cluster", CLUSTER_RESOURCE_NAME);
  return [
    gate(produce, async (request, _context, next, can) => {
      const [allowed, denied] = split(request.topicData, (t) => can("write", "topic", t.name));
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, topicData: allowed });
      if (answer === NO_RESPONSE) return answer;
      const refusals = denied.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) => ({
          index: p.index,
          errorCode: TOPIC_DENIED,
          baseOffset: -1n,
          logAppendTimeMs: -1n,
          logStartOffset: -1n,
          recordErrors: [],
          errorMessage: DENIED_MESSAGE,
        })),
      }));
      return { ...answer, responses: [...answer.responses, ...refusals] };
    }),
    gate(fetch, async (request, context, next, can) => {
      const ids = context.header.apiVersion >= 13 ? topicIdNames(ctx) : null;
      // An unknown id stays in: the handler answers UNKNOWN_TOPIC_ID for it.
      const [allowed, denied] = split(request.topics, (t) => {
        const name = ids === null ? t.topic : ids.get(t.topicId);
        return name === undefined || can("read", "topic", name);
      });
      if (denied.length === 0) return next(request);
      const refusals = denied.map((t) => ({
        topic: t.topic,
        topicId: t.topicId,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partition,
          errorCode: TOPIC_DENIED,
          highWatermark: -1n,
          lastStableOffset: -1n,
          logStartOffset: -1n,
          abortedTransactions: null,
          preferredReadReplica: -1,
          records: null,
        })),
      }));
      // Nothing left to read: answer now rather than long-polling an empty request.
      if (allowed.length === 0) return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: refusals };
      const answer = await next({ ...request, topics: allowed });
      if (answer === NO_RESPONSE) return answer;
      return { ...answer, responses: [...answer.responses, ...refusals] };
    }),
    gate(smartFetch, (request, _context, next, can) =>
      can("read", "topic", request.topic)
        ? next(request)
        : { errorCode: TOPIC_DENIED, errorMessage: DENIED_MESSAGE, sessionId: 0, highWatermark: -1n, nextOffset: -1n, records: new Uint8Array(0), recordErrors: [], accumulators: [] },
    ),
    gate(describeReplicas, async (request, _context, next, can) => {
      const answer = await next(request);
      if (answer === NO_RESPONSE) return answer;
      return { ...answer, replicas: answer.replicas.filter((replica) => can("describe", "topic", replica.topic)) };
    }),
    gate(deleteRecords, async (request, _context, next, can) => {
      const [allowed, denied] = split(request.topics, (t) => can("delete", "topic", t.name));
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, topics: allowed });
      if (answer === NO_RESPONSE) return answer;
      const refusals = denied.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: TOPIC_DENIED })) }));
      return { ...answer, topics: [...answer.topics, ...refusals] };
    }),
    gate(listOffsets, async (request, _context, next, can) => {
      const [allowed, denied] = split(request.topics, (t) => can("describe", "topic", t.name));
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, topics: allowed });
      if (answer === NO_RESPONSE) return answer;
      const refusals = denied.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: TOPIC_DENIED, timestamp: -1n, offset: -1n, leaderEpoch: -1 })),
      }));
      return { ...answer, topics: [...answer.topics, ...refusals] };
    }),
    gate(offsetForLeaderEpoch, async (request, _context, next, can) => {
      const [allowed, denied] = split(request.topics, (t) => can("describe", "topic", t.topic));
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, topics: allowed });
      if (answer === NO_RESPONSE) return answer;
      const refusals = denied.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => ({ errorCode: TOPIC_DENIED, partition: p.partition, leaderEpoch: -1, endOffset: -1n })),
      }));
      return { ...answer, topics: [...answer.topics, ...refusals] };
    }),
    gate(metadata, async (request, _context, next, can) => {
      const autoCreate = request.allowAutoTopicCreation && ctx.settings.autoCreateTopics;
      // Kafka answers a topic the client would auto-create without CREATE as unauthorized.
      const permitted = (name: string) => can("describe", "topic", name) && (!autoCreate || ctx.topics.describe(name) !== undefined || mayCreate(can, name));
      const named = request.topics;
      const [allowed, denied] = named === null ? [null, []] : split(named, (t) => t.name === null || permitted(t.name));
      const answer = await next({ ...request, topics: allowed });
      if (answer === NO_RESPONSE) return answer;
      const refusal = (name: string) => ({
        errorCode: TOPIC_DENIED,
        name,
        topicId: ZERO_UUID,
        isInternal: false,
        partitions: [],
        topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
      });
      // Topics named by id reach the handler; those the client may not describe are refused after it.
      const shown = answer.topics.flatMap((t) => {
        if (t.name === null || can("describe", "topic", t.name)) return [t];
        return named === null ? [] : [refusal(t.name)];
      });
      return { ...answer, topics: [...shown, ...denied.map((t) => refusal(t.name!))] };
    }),
    gate(createTopics, async (request, _context, next, can) => {
      const [allowed, denied] = split(request.topics, (t) => mayCreate(can, t.name));
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, topics: allowed });
      if (answer === NO_RESPONSE) return answer;
      const refusals = denied.map((t) => ({
        name: t.name,
        topicId: ZERO_UUID,
        errorCode: TOPIC_DENIED,
        errorMessage: "not authorized to create this topic",
        numPartitions: -1,
        replicationFactor: -1,
        configs: null,
      }));
      return { ...answer, topics: [...answer.topics, ...refusals] };
    }),
    gate(deleteTopics, async (request, context, next, can) => {
      const refusal = (name: string | null, topicId: string) => ({ name, topicId, errorCode: TOPIC_DENIED, errorMessage: "not authorized to delete this topic" });
      if (context.header.apiVersion < 6) {
        const [allowed, denied] = split(request.topicNames, (name) => can("delete", "topic", name));
        if (denied.length === 0) return next(request);
        const answer = await next({ ...request, topicNames: allowed });
        if (answer === NO_RESPONSE) return answer;
        return { ...answer, responses: [...answer.responses, ...denied.map((name) => refusal(name, ZERO_UUID))] };
      }
      const ids = topicIdNames(ctx);
      const nameOf = (t: { name: string | null; topicId: string }) => t.name ?? ids.get(t.topicId);
      const [allowed, denied] = split(request.topics, (t) => {
        const name = nameOf(t);
        return name === undefined || can("delete", "topic", name);
      });
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, topics: allowed });
      if (answer === NO_RESPONSE) return answer;
      return { ...answer, responses: [...answer.responses, ...denied.map((t) => refusal(t.name, t.topicId))] };
    }),
    gate(createPartitions, async (request, _context, next, can) => {
      const [allowed, denied] = split(request.topics, (t) => can("alter", "topic", t.name) || can("create", "topic", t.name));
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, topics: allowed });
      if (answer === NO_RESPONSE) return answer;
      const refusals = denied.map((t) => ({ name: t.name, errorCode: TOPIC_DENIED, errorMessage: "not authorized to add partitions to this topic" }));
      return { ...answer, results: [...answer.results, ...refusals] };
    }),
  ];
}
