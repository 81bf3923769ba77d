/*
 * CreateTopics (key 19), versions 0-7; flexible from v5.
 *
 * CreateTopicsRequest v0   => [topics] timeout_ms:int32
 *   topics                  => name:STRING num_partitions:int32 replication_factor:int16
 *                              [assignments] [configs]
 *   assignments             => partition_index:int32 [broker_ids:int32]
 *   configs                 => name:STRING value:NULLABLE_STRING
 * CreateTopicsRequest v1-4 => [topics] timeout_ms:int32 validate_only:BOOLEAN
 *
 * CreateTopicsResponse v0   => [topics]
 *   topics                   => name:STRING error_code:int16
 * CreateTopicsResponse v1   => topics + error_message:NULLABLE_STRING
 * CreateTopicsResponse v2-4 => throttle_time_ms:int32 [topics]
 * CreateTopics v5           => v4 in compact form + TAG_BUFFER; response topics + num_partitions:int32
 *                              replication_factor:int16 [configs] (after error_message; nullable),
 *                              tagged topic_config_error_code (left unwritten)
 *   configs                  => name:STRING value:NULLABLE_STRING read_only:BOOLEAN
 *                              config_source:int8 is_sensitive:BOOLEAN
 * CreateTopics v6           => v5
 * CreateTopicsResponse v7   => topics + topic_id:UUID (after name)
 *
 * num_partitions / replication_factor -1 mean "broker default" in every version
 * (kafkajs sends -1 even at v3; v4 only tells librdkafka the broker accepts it).
 * Kafka's JSON spells the two top-level request fields timeoutMs / validateOnly.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, bool, int16, int32, int8, nullableArray, nullableString, string, uuid, ZERO_UUID } from "../schema/types.js";

export const createTopics = defineApi({
  key: 19,
  name: "CreateTopics",
  minVersion: 0,
  maxVersion: 7,
  flexibleFrom: 5,
  request: struct({
    topics: array(
      struct({
        name: string,
        numPartitions: int32,
        replicationFactor: int16,
        assignments: array(struct({ partitionIndex: int32, brokerIds: array(int32) })),
        configs: array(struct({ name: string, value: nullableString })),
      }),
    ),
    timeoutMs: int32,
    validateOnly: since(1, bool, false),
  }),
  response: struct({
    throttleTimeMs: since(2, int32, 0),
    topics: array(
      struct({
        name: string,
        topicId: since(7, uuid, ZERO_UUID),
        errorCode: int16,
        errorMessage: since(1, nullableString, null),
        numPartitions: since(5, int32, -1),
        replicationFactor: since(5, int16, -1),
        configs: since(5, nullableArray(struct({ name: string, value: nullableString, readOnly: bool, configSource: int8, isSensitive: bool })), null),
      }),
    ),
  }),
});

export type CreateTopicsRequest = RequestOf<typeof createTopics>;
export type CreateTopicsResponse = ResponseOf<typeof createTopics>;
