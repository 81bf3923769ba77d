/*
 * Layouts pinned independently of our schemas: every frame below was written by
 * hand, field by field, from Kafka's protocol description (request and response
 * headers, primitive encodings, librdkafka's ApiVersions exchange, and the field order
 * of Kafka's message JSON definitions).
 * Each must be what we encode for the value, and decode back to it. Field order,
 * widths, version gates and nullability are what these catch; the round-trip
 * property test cannot, since it uses our schemas on both sides.
 */
import { describe, expect, it } from "vitest";
import { ZERO_UUID } from "../schema/types.js";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from "../framing/codec.js";
import type { RequestHeader } from "../framing/headers.js";
import type { ApiDefinition, RequestOf, ResponseOf } from "./define.js";
import {
  alterClientQuotas,
  apiVersions,
  AUTHORIZED_OPERATIONS_OMITTED,
  createTopics,
  deleteTopics,
  describeClientQuotas,
  describeConfigs,
  fetch,
  findCoordinator,
  heartbeat,
  initProducerId,
  joinGroup,
  listOffsets,
  metadata,
  offsetFetch,
  produce,
  saslAuthenticate,
  syncGroup,
} from "./index.js";

interface LayoutCase {
  readonly label: string;
  /** The whole frame, size prefix included, as hex fields. */
  readonly frame: string[];
  readonly value: unknown;
  encode(): Uint8Array[];
  /** Decodes the frame after its size prefix. */
  decode(frame: Uint8Array): unknown;
}

function requestCase<A extends ApiDefinition>(label: string, api: A, header: RequestHeader, body: RequestOf<A>, frame: string[]): LayoutCase {
  return {
    label,
    frame,
    value: { header, body },
    encode: () => encodeRequest(api, header, body),
    decode(bytes) {
      const decoded = decodeRequest(api, bytes);
      if (!decoded.ok) throw decoded.error;
      return decoded.value;
    },
  };
}

function responseCase<A extends ApiDefinition>(label: string, api: A, version: number, correlationId: number, body: ResponseOf<A>, frame: string[]): LayoutCase {
  return {
    label,
    frame,
    value: { correlationId, body },
    encode: () => encodeResponse(api, version, correlationId, body),
    decode(bytes) {
      const decoded = decodeResponse(api, version, bytes);
      if (!decoded.ok) throw decoded.error;
      return decoded.value;
    },
  };
}

const cases: LayoutCase[] = [
  requestCase(
    "SaslAuthenticate v2 request: header v2, compact bytes, tag buffers",
    saslAuthenticate,
    { apiKey: 36, apiVersion: 2, correlationId: 4, clientId: "j" },
    { authBytes: new Uint8Array([0, 0x61, 0, 0x62]) },
    ["00000012", "0024 0002 00000004 0001 6a 00", "05 00610062", "00"],
  ),
  responseCase(
    "SaslAuthenticate v2 response: flexible header, compact nullable message, session lifetime",
    saslAuthenticate,
    2,
    4,
    { errorCode: 58, errorMessage: "no", authBytes: new Uint8Array(), sessionLifetimeMs: 0n },
    ["00000014", "00000004 00", "003a", "03 6e6f", "01", "0000000000000000", "00"],
  ),
  responseCase("SaslAuthenticate v1 response: classic encodings", saslAuthenticate, 1, 5, { errorCode: 0, errorMessage: null, authBytes: new Uint8Array([0x76]), sessionLifetimeMs: 0n }, [
    "00000015",
    "00000005",
    "0000",
    "ffff",
    "00000001 76",
    "0000000000000000",
  ]),
  responseCase(
    "ApiVersions v0 error 35, as librdkafka expects after its v3 probe (§3.2)",
    apiVersions,
    0,
    1,
    { errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 2 }], throttleTimeMs: 0 },
    ["00000010", "00000001", "0023", "00000001", "0012 0000 0002"],
  ),
  requestCase(
    "ApiVersions v3 request as librdkafka 2.0.2 sends it: header v2, compact strings (§3.2)",
    apiVersions,
    { apiKey: 18, apiVersion: 3, correlationId: 1, clientId: "rdkafka" },
    { clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2" },
    [
      "00000024",
      "0012 0003 00000001 0007 72646b61666b61 00", // client id stays an int16 string; then the header's tag buffer
      "0b 6c69627264 6b61666b61", // uvarint(10 + 1) "librdkafka"
      "06 322e302e32", // uvarint(5 + 1) "2.0.2"
      "00", // the body's tag buffer
    ],
  ),
  requestCase(
    "Metadata v4 request for one topic, no auto-creation",
    metadata,
    { apiKey: 3, apiVersion: 4, correlationId: 2, clientId: "kafkajs" },
    { topics: [{ topicId: ZERO_UUID, name: "orders" }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false },
    ["0000001e", "0003 0004 00000002 0007 6b61666b616a73", "00000001 0006 6f7264657273", "00"],
  ),
  requestCase(
    "Metadata v4 request for all topics: null array, null client id",
    metadata,
    { apiKey: 3, apiVersion: 4, correlationId: 3, clientId: null },
    { topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false },
    ["0000000f", "0003 0004 00000003 ffff", "ffffffff", "01"],
  ),
  responseCase(
    "Metadata v4 response: throttle, brokers with rack, cluster id, controller, topics",
    metadata,
    4,
    2,
    {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: "h", port: 9092, rack: null }],
      clusterId: "c",
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: "t",
          topicId: ZERO_UUID,
          isInternal: false,
          partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: -1, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }],
          topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
        },
      ],
      clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    },
    [
      "00000048",
      "00000002",
      "00000000", // throttle_time_ms
      "00000001 00000001 0001 68 00002384 ffff", // brokers: node 1, "h", 9092, rack null
      "0001 63", // cluster_id "c"
      "00000001", // controller_id
      "00000001 0000 0001 74 00", // topics: error 0, "t", not internal
      "00000001 0000 00000000 00000001 00000001 00000001 00000001 00000001", // partition 0, leader 1, [1], [1]
    ],
  ),
  requestCase(
    "Produce v7 request: header, null transactional id, acks -1, opaque records",
    produce,
    { apiKey: 0, apiVersion: 7, correlationId: 5, clientId: "rdkafka" },
    {
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topicData: [{ name: "t", partitionData: [{ index: 0, records: new Uint8Array([1, 2, 3]) }] }],
    },
    [
      "0000002f",
      "0000 0007 00000005 0007 72646b61666b61",
      "ffff ffff 00007530", // transactional_id null, acks -1, timeout 30000
      "00000001 0001 74 00000001 00000000", // topic "t", partition 0
      "00000003 010203", // records as int32-length bytes
    ],
  ),
  responseCase(
    "Produce v7 response: log_append_time and log_start_offset after base_offset, throttle last",
    produce,
    7,
    5,
    {
      responses: [
        {
          name: "t",
          partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 42n, logAppendTimeMs: -1n, logStartOffset: 0n, recordErrors: [], errorMessage: null }],
        },
      ],
      throttleTimeMs: 0,
    },
    [
      "00000031",
      "00000005",
      "00000001 0001 74 00000001 00000000 0000",
      "000000000000002a ffffffffffffffff 0000000000000000", // base_offset 42, log_append_time -1, log_start_offset 0
      "00000000",
    ],
  ),
  responseCase(
    "Produce v2 response has no log_start_offset; it reads as -1",
    produce,
    2,
    5,
    {
      responses: [
        {
          name: "t",
          partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 42n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage: null }],
        },
      ],
      throttleTimeMs: 0,
    },
    ["00000029", "00000005", "00000001 0001 74 00000001 00000000 0000", "000000000000002a ffffffffffffffff", "00000000"],
  ),
  requestCase(
    "Fetch v11 request: session fields, leader epoch before fetch_offset, forgotten topics, rack id",
    fetch,
    { apiKey: 1, apiVersion: 11, correlationId: 7, clientId: "kafkajs" },
    {
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: "t",
          topicId: ZERO_UUID,
          partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1048576 }],
        },
      ],
      forgottenTopicsData: [],
      rackId: "",
    },
    [
      "00000057",
      "0001 000b 00000007 0007 6b61666b616a73",
      "ffffffff 000001f4 00000001 00a00000 01", // replica -1, wait 500, min 1, max 10 MiB, read_committed
      "00000000 ffffffff", // session_id 0, session_epoch -1
      "00000001 0001 74 00000001", // topic "t", one partition
      "00000000 ffffffff 0000000000000000 ffffffffffffffff 00100000", // partition, epoch, offset, log start, 1 MiB
      "00000000", // forgotten_topics_data
      "0000", // rack_id ""
    ],
  ),
  responseCase(
    "Fetch v11 response: null aborted transactions, preferred_read_replica before records",
    fetch,
    11,
    7,
    {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [
        {
          topic: "t",
          topicId: ZERO_UUID,
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              highWatermark: 3n,
              lastStableOffset: 3n,
              logStartOffset: 0n,
              abortedTransactions: null,
              preferredReadReplica: -1,
              records: new Uint8Array([1, 2]),
            },
          ],
        },
      ],
    },
    [
      "00000045",
      "00000007",
      "00000000 0000 00000000", // throttle, error, session id
      "00000001 0001 74 00000001 00000000 0000",
      "0000000000000003 0000000000000003 0000000000000000", // high watermark, last stable, log start
      "ffffffff ffffffff", // aborted_transactions null, preferred_read_replica -1
      "00000002 0102",
    ],
  ),
  requestCase(
    "OffsetFetch v4 request for every committed offset: null topics",
    offsetFetch,
    { apiKey: 9, apiVersion: 4, correlationId: 9, clientId: null },
    { groupId: "g", topics: null, groups: [], requireStable: false },
    ["00000011", "0009 0004 00000009 ffff", "0001 67", "ffffffff"],
  ),
  requestCase(
    "JoinGroup v5 request: group_instance_id between member_id and protocol_type",
    joinGroup,
    { apiKey: 11, apiVersion: 5, correlationId: 11, clientId: null },
    {
      groupId: "g",
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 300000,
      memberId: "",
      groupInstanceId: null,
      protocolType: "consumer",
      protocols: [{ name: "range", metadata: new Uint8Array([0, 1]) }],
      reason: null,
    },
    [
      "00000034",
      "000b 0005 0000000b ffff",
      "0001 67 00002710 000493e0", // group "g", session 10 s, rebalance 300 s
      "0000 ffff", // member_id "", group_instance_id null
      "0008 636f6e73756d6572", // "consumer"
      "00000001 0005 72616e6765 00000002 0001", // protocol "range" with two bytes of metadata
    ],
  ),
  requestCase(
    "Metadata v12 request naming a topic by id alone: uuid bytes, null compact name, no cluster-operations flag",
    metadata,
    { apiKey: 3, apiVersion: 12, correlationId: 1, clientId: null },
    {
      topics: [{ topicId: "01234567-89ab-cdef-0123-456789abcdef", name: null }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    },
    [
      "00000021",
      "0003 000c 00000001 ffff 00", // header v2: null client id, empty tag buffer
      "02 0123456789abcdef0123456789abcdef 00 00", // one topic: id, null name, tag buffer
      "00 00 00", // allow auto-creation false, topic operations false, tag buffer
    ],
  ),
  requestCase(
    "Heartbeat v4 request: flexible header v2 (client id stays int16) and compact fields",
    heartbeat,
    { apiKey: 12, apiVersion: 4, correlationId: 1, clientId: "c" },
    { groupId: "g", generationId: 1, memberId: "m", groupInstanceId: null },
    [
      "00000016",
      "000c 0004 00000001 0001 63 00", // header v2: client id "c", empty tag buffer
      "02 67 00000001", // compact group "g", generation 1
      "02 6d 00 00", // compact member "m", null instance id, empty tag buffer
    ],
  ),
  responseCase(
    "SyncGroup v5 response: header v1 tag buffer, protocol type and name before the assignment",
    syncGroup,
    5,
    3,
    { throttleTimeMs: 0, errorCode: 0, protocolType: "consumer", protocolName: "range", assignment: new Uint8Array([7]) },
    [
      "0000001d",
      "00000003 00", // correlation id, header v1 tag buffer
      "00000000 0000", // throttle, error
      "09 636f6e73756d6572 06 72616e6765", // compact "consumer", compact "range"
      "02 07 00", // compact bytes [7], empty tag buffer
    ],
  ),
  responseCase(
    "DescribeConfigs v0 response: is_default in v0",
    describeConfigs,
    0,
    4,
    {
      throttleTimeMs: 0,
      results: [
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          resourceName: "t",
          configs: [{ name: "a", value: null, readOnly: false, isDefault: true, configSource: -1, isSensitive: false, synonyms: [], configType: 0, documentation: null }],
        },
      ],
    },
    ["00000020", "00000004", "00000000", "00000001 0000 ffff 02 0001 74", "00000001 0001 61 ffff 00 01 00"],
  ),
  responseCase(
    "DescribeConfigs v1 response: config_source replaces is_default, synonyms follow is_sensitive",
    describeConfigs,
    1,
    4,
    {
      throttleTimeMs: 0,
      results: [
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          resourceName: "t",
          configs: [{ name: "a", value: null, readOnly: false, isDefault: false, configSource: 5, isSensitive: false, synonyms: [], configType: 0, documentation: null }],
        },
      ],
    },
    ["00000024", "00000004", "00000000", "00000001 0000 ffff 02 0001 74", "00000001 0001 61 ffff 00 05 00 00000000"],
  ),

  // Kafka 4.0's versions, field by field from apache/kafka clients/src/main/resources/common/message/*.json.
  requestCase(
    "Produce v9 request: flexible, compact nullable transactional id and compact records",
    produce,
    { apiKey: 0, apiVersion: 9, correlationId: 1, clientId: "c" },
    { transactionalId: null, acks: -1, timeoutMs: 30000, topicData: [{ name: "t", partitionData: [{ index: 0, records: new Uint8Array([1, 2, 3]) }] }] },
    [
      "00000022",
      "0000 0009 00000001 0001 63 00",
      "00 ffff 00007530", // null compact transactional id, acks -1, timeout
      "02 02 74 02 00000000", // one topic "t", one partition 0
      "04 010203 00 00 00", // compact records (length + 1), partition, topic and body tag buffers
    ],
  ),
  responseCase(
    "Produce v8 response: record_errors and error_message after log_start_offset",
    produce,
    8,
    5,
    {
      responses: [
        {
          name: "t",
          partitionResponses: [
            { index: 0, errorCode: 87, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [{ batchIndex: 1, batchIndexErrorMessage: "no key" }], errorMessage: "bad" },
          ],
        },
      ],
      throttleTimeMs: 0,
    },
    [
      "00000046",
      "00000005",
      "00000001 0001 74 00000001 00000000 0057", // topic "t", partition 0, INVALID_RECORD
      "ffffffffffffffff ffffffffffffffff ffffffffffffffff", // base offset, log append time, log start offset
      "00000001 00000001 0006 6e6f206b6579", // one record error: batch index 1, "no key"
      "0003 626164", // error_message "bad"
      "00000000",
    ],
  ),
  responseCase(
    "Produce v9 response: header tag buffer, compact record_errors and null error_message",
    produce,
    9,
    5,
    {
      responses: [
        {
          name: "t",
          partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 42n, logAppendTimeMs: -1n, logStartOffset: 0n, recordErrors: [], errorMessage: null }],
        },
      ],
      throttleTimeMs: 0,
    },
    [
      "00000030",
      "00000005 00",
      "02 02 74 02 00000000 0000",
      "000000000000002a ffffffffffffffff 0000000000000000",
      "01 00 00 00", // empty record_errors, null error_message, partition and topic tag buffers
      "00000000 00",
    ],
  ),
  requestCase(
    "Fetch v13 request: topics and forgotten topics by id, last_fetched_epoch after fetch_offset",
    fetch,
    { apiKey: 1, apiVersion: 13, correlationId: 7, clientId: null },
    {
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: "",
          topicId: "01234567-89ab-cdef-0123-456789abcdef",
          partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1048576 }],
        },
      ],
      forgottenTopicsData: [{ topic: "", topicId: "fedcba98-7654-3210-fedc-ba9876543210", partitions: [1] }],
      rackId: "",
    },
    [
      "00000071",
      "0001 000d 00000007 ffff 00",
      "ffffffff 000001f4 00000001 00a00000 00 00000000 ffffffff",
      "02 0123456789abcdef0123456789abcdef 02", // one topic by id, one partition
      "00000000 ffffffff 0000000000000000 ffffffff ffffffffffffffff 00100000 00 00", // partition, epoch, offset, last fetched epoch, log start, max bytes, tags
      "02 fedcba9876543210fedcba9876543210 02 00000001 00", // forgotten topic by id, partition 1
      "01 00", // rack_id "", body tag buffer
    ],
  ),
  requestCase(
    "Fetch v17 request: no replica_id in the body",
    fetch,
    { apiKey: 1, apiVersion: 17, correlationId: 8, clientId: null },
    {
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: "",
          topicId: "01234567-89ab-cdef-0123-456789abcdef",
          partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1048576 }],
        },
      ],
      forgottenTopicsData: [],
      rackId: "",
    },
    [
      "00000057",
      "0001 0011 00000008 ffff 00",
      "000001f4 00000001 00a00000 00 00000000 ffffffff", // max wait first
      "02 0123456789abcdef0123456789abcdef 02",
      "00000000 ffffffff 0000000000000000 ffffffff ffffffffffffffff 00100000 00 00",
      "01 01 00", // no forgotten topics, rack_id "", body tag buffer
    ],
  ),
  responseCase(
    "Fetch v13 response: topic id instead of name, compact empty records",
    fetch,
    13,
    7,
    {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [
        {
          topic: "",
          topicId: "01234567-89ab-cdef-0123-456789abcdef",
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 100,
              highWatermark: -1n,
              lastStableOffset: -1n,
              logStartOffset: -1n,
              abortedTransactions: null,
              preferredReadReplica: -1,
              records: new Uint8Array(),
            },
          ],
        },
      ],
    },
    [
      "00000048",
      "00000007 00",
      "00000000 0000 00000000",
      "02 0123456789abcdef0123456789abcdef 02 00000000 0064", // topic by id, partition 0, UNKNOWN_TOPIC_ID
      "ffffffffffffffff ffffffffffffffff ffffffffffffffff",
      "00 ffffffff 01 00 00 00", // null aborted transactions, preferred replica -1, empty records, tags
    ],
  ),
  requestCase(
    "ListOffsets v10 request: timestamp -3 (max timestamp) and timeout_ms at the end",
    listOffsets,
    { apiKey: 2, apiVersion: 10, correlationId: 2, clientId: null },
    { replicaId: -1, isolationLevel: 0, topics: [{ name: "t", partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -3n }] }], timeoutMs: 5000 },
    ["0000002b", "0002 000a 00000002 ffff 00", "ffffffff 00", "02 02 74 02 00000000 ffffffff fffffffffffffffd 00 00", "00001388 00"],
  ),
  requestCase(
    "InitProducerId v3 request: producer id and epoch after the timeout",
    initProducerId,
    { apiKey: 22, apiVersion: 3, correlationId: 3, clientId: null },
    { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1n, producerEpoch: -1 },
    ["0000001b", "0016 0003 00000003 ffff 00", "00 0000ea60 ffffffffffffffff ffff 00"],
  ),
  requestCase(
    "OffsetFetch v8 request: groups, each with its topics (null: all)",
    offsetFetch,
    { apiKey: 9, apiVersion: 8, correlationId: 9, clientId: null },
    {
      groupId: "",
      topics: null,
      groups: [
        { groupId: "a", memberId: null, memberEpoch: -1, topics: null },
        { groupId: "b", memberId: null, memberEpoch: -1, topics: [{ name: "t", partitionIndexes: [0] }] },
      ],
      requireStable: false,
    },
    ["0000001e", "0009 0008 00000009 ffff 00", "03", "02 61 00 00", "02 62 02 02 74 02 00000000 00 00", "00 00"],
  ),
  requestCase(
    "OffsetFetch v9 request: member id and epoch after the group id",
    offsetFetch,
    { apiKey: 9, apiVersion: 9, correlationId: 10, clientId: null },
    { groupId: "", topics: null, groups: [{ groupId: "a", memberId: "m", memberEpoch: 3, topics: null }], requireStable: true },
    ["00000018", "0009 0009 0000000a ffff 00", "02 02 61 02 6d 00000003 00 00", "01 00"],
  ),
  responseCase(
    "OffsetFetch v8 response: per-group topics and error code",
    offsetFetch,
    8,
    11,
    {
      throttleTimeMs: 0,
      topics: [],
      errorCode: 0,
      groups: [
        {
          groupId: "a",
          topics: [{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, metadata: "", errorCode: 0 }] }],
          errorCode: 16,
        },
      ],
    },
    ["00000029", "0000000b 00", "00000000 02 02 61", "02 02 74 02 00000000 0000000000000005 ffffffff 01 0000 00 00", "0010 00 00"],
  ),
  requestCase(
    "FindCoordinator v6 request: v4 layout, key type 2 (share group)",
    findCoordinator,
    { apiKey: 10, apiVersion: 6, correlationId: 16, clientId: null },
    { key: "", keyType: 2, coordinatorKeys: ["g"] },
    ["00000010", "000a 0006 00000010 ffff 00", "02 02 02 67 00"],
  ),
  responseCase(
    "CreateTopics v7 response: topic id after the name, partitions, replication and configs after the message",
    createTopics,
    7,
    12,
    {
      throttleTimeMs: 0,
      topics: [
        {
          name: "t",
          topicId: "01234567-89ab-cdef-0123-456789abcdef",
          errorCode: 0,
          errorMessage: null,
          numPartitions: 3,
          replicationFactor: 1,
          configs: [{ name: "a", value: "1", readOnly: false, configSource: 5, isSensitive: false }],
        },
      ],
    },
    ["00000030", "0000000c 00", "00000000 02 02 74", "0123456789abcdef0123456789abcdef 0000 00", "00000003 0001", "02 02 61 02 31 00 05 00 00", "00 00"],
  ),
  responseCase(
    "CreateTopics v5 response: refused topic, null configs, no topic id",
    createTopics,
    5,
    13,
    {
      throttleTimeMs: 0,
      topics: [{ name: "t", topicId: ZERO_UUID, errorCode: 36, errorMessage: "x", numPartitions: -1, replicationFactor: -1, configs: null }],
    },
    ["00000019", "0000000d 00", "00000000 02 02 74 0024 02 78 ffffffff ffff 00 00 00"],
  ),
  requestCase(
    "DeleteTopics v6 request: topics by id (null name) or by name (zero id)",
    deleteTopics,
    { apiKey: 20, apiVersion: 6, correlationId: 14, clientId: null },
    {
      topics: [
        { name: null, topicId: "01234567-89ab-cdef-0123-456789abcdef" },
        { name: "t", topicId: ZERO_UUID },
      ],
      topicNames: [],
      timeoutMs: 30000,
    },
    ["00000036", "0014 0006 0000000e ffff 00", "03", "00 0123456789abcdef0123456789abcdef 00", "02 74 00000000000000000000000000000000 00", "00007530 00"],
  ),
  responseCase(
    "DeleteTopics v6 response: nullable name, topic id, error and message",
    deleteTopics,
    6,
    14,
    { throttleTimeMs: 0, responses: [{ name: null, topicId: "01234567-89ab-cdef-0123-456789abcdef", errorCode: 100, errorMessage: null }] },
    ["00000020", "0000000e 00", "00000000 02", "00 0123456789abcdef0123456789abcdef 0064 00 00", "00"],
  ),
  requestCase(
    "DescribeConfigs v3 request: include_documentation after include_synonyms",
    describeConfigs,
    { apiKey: 32, apiVersion: 3, correlationId: 15, clientId: null },
    { resources: [{ resourceType: 2, resourceName: "t", configurationKeys: null }], includeSynonyms: false, includeDocumentation: true },
    ["00000018", "0020 0003 0000000f ffff", "00000001 02 0001 74 ffffffff", "00 01"],
  ),
  responseCase(
    "DescribeConfigs v4 response: flexible, config_type and documentation after synonyms",
    describeConfigs,
    4,
    15,
    {
      throttleTimeMs: 0,
      results: [
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          resourceName: "t",
          configs: [{ name: "a", value: "1", readOnly: false, isDefault: false, configSource: 5, isSensitive: false, synonyms: [], configType: 3, documentation: "d" }],
        },
      ],
    },
    ["0000001f", "0000000f 00", "00000000 02 0000 00 02 02 74", "02 02 61 02 31 00 05 00 01 03 02 64 00", "00 00"],
  ),
  requestCase(
    "AlterClientQuotas v1 request: the default user's producer_byte_rate as a big-endian float64",
    alterClientQuotas,
    { apiKey: 49, apiVersion: 1, correlationId: 7, clientId: "j" },
    { entries: [{ entity: [{ entityType: "user", entityName: null }], ops: [{ key: "producer_byte_rate", value: 65536, remove: false }] }], validateOnly: false },
    ["00000036", "0031 0001 00000007 0001 6a 00", "02", "02 05 75736572 00 00", "02 13 70726f64756365725f627974655f72617465 40f0000000000000 00 00", "00", "00", "00"],
  ),
  responseCase(
    "DescribeClientQuotas v1 response: compact nullable entries, default entity as null name",
    describeClientQuotas,
    1,
    7,
    { throttleTimeMs: 0, errorCode: 0, errorMessage: null, entries: [{ entity: [{ entityType: "user", entityName: null }], values: [{ key: "producer_byte_rate", value: 65536 }] }] },
    ["00000034", "00000007 00", "00000000 0000 00", "02", "02 05 75736572 00 00", "02 13 70726f64756365725f627974655f72617465 40f0000000000000 00", "00", "00"],
  ),
];

function hexOf(fields: string[]): string {
  return fields.join("").replaceAll(" ", "");
}

describe("layouts written by hand from the protocol description", () => {
  it.each(cases)("$label", (layout) => {
    const expected = hexOf(layout.frame);
    expect(Buffer.concat(layout.encode()).toString("hex")).toBe(expected);
    const frame = new Uint8Array(Buffer.from(expected, "hex"));
    expect(layout.decode(frame.subarray(4))).toEqual(layout.value);
  });
});
