/*
 * Just enough broker behaviour, built on our own codec, to walk kcat and kafkajs
 * through metadata, produce, consume, group membership, admin calls and SASL PLAIN:
 * one broker (node 0) that leads every partition, empty logs, one-member groups.
 */
import { decodeRequest, encodeResponse } from "../../src/framing/codec.js";
import type { ApiDefinition, RequestOf, ResponseOf } from "../../src/messages/define.js";
import * as messages from "../../src/messages/index.js";

export interface CaptureBrokerState {
  readonly host: string;
  port: number;
  /** Topic name to partition count. */
  readonly topics: Map<string, number>;
  nextOffset: bigint;
}

const UNSUPPORTED_VERSION = 35;
const NONE = 0;
const EMPTY = new Uint8Array(0);

function answer<A extends ApiDefinition>(api: A, frame: Uint8Array, build: (body: RequestOf<A>, version: number) => ResponseOf<A> | null): Uint8Array[] | null {
  const decoded = decodeRequest(api, frame);
  if (!decoded.ok) throw decoded.error;
  const { header, body } = decoded.value;
  const response = build(body, header.apiVersion);
  return response === null ? null : encodeResponse(api, header.apiVersion, header.correlationId, response);
}

function topicMetadata(state: CaptureBrokerState, name: string): messages.MetadataResponse["topics"][number] {
  if (!state.topics.has(name)) state.topics.set(name, 1);
  const count = state.topics.get(name) ?? 1;
  const partitions = Array.from({ length: count }, (_, partitionIndex) => ({
    errorCode: NONE,
    partitionIndex,
    leaderId: 0,
    replicaNodes: [0],
    isrNodes: [0],
  }));
  return { errorCode: NONE, name, isInternal: false, partitions };
}

/** The response frame for one request frame, or null when none is due (acks=0). */
export function respond(state: CaptureBrokerState, apiKey: number, frame: Uint8Array): Uint8Array[] | null {
  const coordinator = { nodeId: 0, host: state.host, port: state.port };
  switch (apiKey) {
    case messages.apiVersions.key:
      return answer(messages.apiVersions, frame, () => ({
        errorCode: NONE,
        apiKeys: messages.advertisedApiVersions(),
        throttleTimeMs: 0,
      }));
    case messages.metadata.key:
      return answer(messages.metadata, frame, (body) => ({
        throttleTimeMs: 0,
        brokers: [{ ...coordinator, rack: null }],
        clusterId: "freshet-capture",
        controllerId: 0,
        topics: (body.topics?.map((t) => t.name) ?? [...state.topics.keys()]).map((name) => topicMetadata(state, name)),
      }));
    case messages.produce.key:
      return answer(messages.produce, frame, (body, version) => {
        if (body.acks === 0) return null;
        const responses = body.topicData.map((topic) => ({
          name: topic.name,
          partitionResponses: topic.partitionData.map((partition) => {
            const baseOffset = state.nextOffset;
            state.nextOffset += 1n;
            const errorCode = version < 3 ? UNSUPPORTED_VERSION : NONE;
            return { index: partition.index, errorCode, baseOffset, logAppendTimeMs: -1n, logStartOffset: 0n };
          }),
        }));
        return { responses, throttleTimeMs: 0 };
      });
    case messages.fetch.key:
      return answer(messages.fetch, frame, (body) => ({
        throttleTimeMs: 0,
        errorCode: NONE,
        sessionId: 0,
        responses: body.topics.map((topic) => ({
          topic: topic.topic,
          partitions: topic.partitions.map((partition) => ({
            partitionIndex: partition.partition,
            errorCode: NONE,
            highWatermark: 0n,
            lastStableOffset: 0n,
            logStartOffset: 0n,
            abortedTransactions: [],
            preferredReadReplica: -1,
            // Never null: librdkafka rejects the whole response on a -1 record set size.
            records: EMPTY,
          })),
        })),
      }));
    case messages.listOffsets.key:
      return answer(messages.listOffsets, frame, (body) => ({
        throttleTimeMs: 0,
        topics: body.topics.map((topic) => ({
          name: topic.name,
          partitions: topic.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: NONE, timestamp: -1n, offset: 0n })),
        })),
      }));
    case messages.offsetCommit.key:
      return answer(messages.offsetCommit, frame, (body) => ({
        throttleTimeMs: 0,
        topics: body.topics.map((topic) => ({
          name: topic.name,
          partitions: topic.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: NONE })),
        })),
      }));
    case messages.offsetFetch.key:
      return answer(messages.offsetFetch, frame, (body) => ({
        throttleTimeMs: 0,
        topics: (body.topics ?? []).map((topic) => ({
          name: topic.name,
          partitions: topic.partitionIndexes.map((partitionIndex) => ({
            partitionIndex,
            committedOffset: -1n,
            metadata: "",
            errorCode: NONE,
          })),
        })),
        errorCode: NONE,
      }));
    case messages.findCoordinator.key:
      return answer(messages.findCoordinator, frame, () => ({ throttleTimeMs: 0, errorCode: NONE, errorMessage: null, ...coordinator }));
    case messages.joinGroup.key:
      return answer(messages.joinGroup, frame, (body) => {
        const memberId = body.memberId === "" ? `${body.groupId}-member` : body.memberId;
        const chosen = body.protocols[0];
        return {
          throttleTimeMs: 0,
          errorCode: NONE,
          generationId: 1,
          protocolName: chosen?.name ?? "",
          leader: memberId,
          memberId,
          members: [{ memberId, groupInstanceId: body.groupInstanceId, metadata: chosen?.metadata ?? EMPTY }],
        };
      });
    case messages.syncGroup.key:
      return answer(messages.syncGroup, frame, (body) => ({
        throttleTimeMs: 0,
        errorCode: NONE,
        assignment: body.assignments.find((a) => a.memberId === body.memberId)?.assignment ?? EMPTY,
      }));
    case messages.heartbeat.key:
      return answer(messages.heartbeat, frame, () => ({ throttleTimeMs: 0, errorCode: NONE }));
    case messages.leaveGroup.key:
      return answer(messages.leaveGroup, frame, () => ({ throttleTimeMs: 0, errorCode: NONE }));
    case messages.describeGroups.key:
      return answer(messages.describeGroups, frame, (body) => ({
        throttleTimeMs: 0,
        groups: body.groups.map((groupId) => ({
          errorCode: NONE,
          groupId,
          groupState: "Dead",
          protocolType: "",
          protocolData: "",
          members: [],
        })),
      }));
    case messages.listGroups.key:
      return answer(messages.listGroups, frame, () => ({ throttleTimeMs: 0, errorCode: NONE, groups: [] }));
    case messages.saslHandshake.key:
      return answer(messages.saslHandshake, frame, () => ({ errorCode: NONE, mechanisms: ["PLAIN"] }));
    case messages.saslAuthenticate.key:
      return answer(messages.saslAuthenticate, frame, () => ({
        errorCode: NONE,
        errorMessage: null,
        authBytes: EMPTY,
        sessionLifetimeMs: 0n,
      }));
    case messages.createTopics.key:
      return answer(messages.createTopics, frame, (body) => ({
        throttleTimeMs: 0,
        topics: body.topics.map((topic) => {
          state.topics.set(topic.name, topic.numPartitions > 0 ? topic.numPartitions : 1);
          return { name: topic.name, errorCode: NONE, errorMessage: null };
        }),
      }));
    case messages.deleteTopics.key:
      return answer(messages.deleteTopics, frame, (body) => ({
        throttleTimeMs: 0,
        responses: body.topicNames.map((name) => {
          state.topics.delete(name);
          return { name, errorCode: NONE };
        }),
      }));
    case messages.initProducerId.key:
      return answer(messages.initProducerId, frame, () => ({ throttleTimeMs: 0, errorCode: NONE, producerId: 4242n, producerEpoch: 0 }));
    case messages.describeConfigs.key:
      return answer(messages.describeConfigs, frame, (body) => ({
        throttleTimeMs: 0,
        results: body.resources.map((resource) => ({
          errorCode: NONE,
          errorMessage: null,
          resourceType: resource.resourceType,
          resourceName: resource.resourceName,
          configs: [],
        })),
      }));
    case messages.createPartitions.key:
      return answer(messages.createPartitions, frame, (body) => ({
        throttleTimeMs: 0,
        results: body.topics.map((topic) => {
          state.topics.set(topic.name, topic.count);
          return { name: topic.name, errorCode: NONE, errorMessage: null };
        }),
      }));
    case messages.deleteGroups.key:
      return answer(messages.deleteGroups, frame, (body) => ({
        throttleTimeMs: 0,
        results: body.groupsNames.map((groupId) => ({ groupId, errorCode: NONE })),
      }));
    default:
      throw new Error(`capture broker has no answer for api key ${apiKey}`);
  }
}
