/*
 * Metadata (key 3), versions 0-12; flexible from v9.
 *
 * MetadataRequest v0   => [topics]
 *   topics              => name:STRING
 * MetadataRequest v1-3 => [topics] (nullable: null = all topics)
 * MetadataRequest v4-7 => [topics] (nullable) allow_auto_topic_creation:BOOLEAN
 * MetadataRequest v8   => v4 + include_cluster_authorized_operations:BOOLEAN
 *                         include_topic_authorized_operations:BOOLEAN
 *
 * MetadataResponse v0  => [brokers] [topics]
 *   brokers             => node_id:int32 host:STRING port:int32
 *   topics              => error_code:int16 name:STRING [partitions]
 *   partitions          => error_code:int16 partition_index:int32 leader_id:int32
 *                          [replica_nodes:int32] [isr_nodes:int32]
 * MetadataResponse v1  => [brokers] controller_id:int32 [topics]
 *   brokers             => node_id host port rack:NULLABLE_STRING
 *   topics              => error_code name is_internal:BOOLEAN [partitions]
 * MetadataResponse v2  => [brokers] cluster_id:NULLABLE_STRING controller_id:int32 [topics]
 * MetadataResponse v3-4 => throttle_time_ms:int32 + v2
 * MetadataResponse v5-6 => partitions + [offline_replicas:int32] (after isr_nodes)
 * MetadataResponse v7  => partitions + leader_epoch:int32 (after leader_id)
 * MetadataResponse v8  => topics + topic_authorized_operations:int32 (after partitions)
 *                         + cluster_authorized_operations:int32 (at the end)
 * Metadata v9          => v8 in compact form + TAG_BUFFER
 * Metadata v10         => request topics => topic_id:UUID name:NULLABLE_STRING;
 *                         response topics + topic_id:UUID (after name)
 * Metadata v11-12      => without include_cluster_authorized_operations and
 *                         cluster_authorized_operations; v12 response names may be null
 *
 * Quirk: v0 cannot send null; there an empty topic list means "all topics". The
 * codec maps that to null both ways, so handlers only ever test for null. (A v0
 * client therefore cannot ask for "no topics", exactly as in Kafka.) Before v4 the
 * broker may auto-create topics, hence the fallback true.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { nullableArrayFrom } from "./nullable-array-from.js";
import { between, since, struct } from "../schema/struct.js";
import { array, bool, int16, int32, nullableString, nullableStringFrom, string, uuid, ZERO_UUID, type WireType } from "../schema/types.js";

/** From v10 a topic may be named by id alone (null name); before, topic_id reads as the zero UUID. */
const requestTopic = struct({ topicId: since(10, uuid, ZERO_UUID), name: nullableStringFrom(10) });
type RequestTopic = { topicId: string; name: string | null };

const listedTopics = nullableArrayFrom(1, requestTopic);

const requestTopics: WireType<RequestTopic[] | null> = {
  kind: { kind: "nullableArray", of: requestTopic, nullableFrom: 0, emptyIsNullBefore: 1 },
  empty: null,
  read(reader, flexible, version) {
    const topics = listedTopics.read(reader, flexible, version);
    return version === 0 && topics !== null && topics.length === 0 ? null : topics;
  },
  write(writer, value, flexible, version) {
    listedTopics.write(writer, version === 0 && value === null ? [] : value, flexible, version);
  },
};

/** Kafka's INT32_MIN: "authorized operations were not requested". */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

export const metadata = defineApi({
  key: 3,
  name: "Metadata",
  minVersion: 0,
  maxVersion: 12,
  flexibleFrom: 9,
  request: struct({
    topics: requestTopics,
    allowAutoTopicCreation: since(4, bool, true),
    includeClusterAuthorizedOperations: between(8, 10, bool, false),
    includeTopicAuthorizedOperations: since(8, bool, false),
  }),
  response: struct({
    throttleTimeMs: since(3, int32, 0),
    brokers: array(
      struct({
        nodeId: int32,
        host: string,
        port: int32,
        rack: since(1, nullableString, null),
      }),
    ),
    clusterId: since(2, nullableString, null),
    controllerId: since(1, int32, -1),
    topics: array(
      struct({
        errorCode: int16,
        name: nullableStringFrom(12),
        topicId: since(10, uuid, ZERO_UUID),
        isInternal: since(1, bool, false),
        partitions: array(
          struct({
            errorCode: int16,
            partitionIndex: int32,
            leaderId: int32,
            leaderEpoch: since(7, int32, -1),
            replicaNodes: array(int32),
            isrNodes: array(int32),
            offlineReplicas: since(5, array(int32)),
          }),
        ),
        topicAuthorizedOperations: since(8, int32, AUTHORIZED_OPERATIONS_OMITTED),
      }),
    ),
    clusterAuthorizedOperations: between(8, 10, int32, AUTHORIZED_OPERATIONS_OMITTED),
  }),
});

export type MetadataRequest = RequestOf<typeof metadata>;
export type MetadataResponse = ResponseOf<typeof metadata>;
