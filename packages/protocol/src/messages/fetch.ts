/*
 * Fetch (key 1), versions 0-17; flexible from v12.
 *
 * FetchRequest v0-2   => replica_id:int32 max_wait_ms:int32 min_bytes:int32 [topics]
 * FetchRequest v3     => v0 + max_bytes:int32 (after min_bytes)
 * FetchRequest v4     => replica_id:int32 max_wait_ms:int32 min_bytes:int32 max_bytes:int32
 *                        isolation_level:int8 [topics]
 *   topics             => topic:STRING [partitions]
 *   partitions         => partition:int32 fetch_offset:int64 partition_max_bytes:int32
 * FetchRequest v5-6   => partitions + log_start_offset:int64 (after fetch_offset)
 * FetchRequest v7-8   => v5 + session_id:int32 session_epoch:int32 (after isolation_level)
 *                        + [forgotten_topics_data] at the end
 *   forgotten_topics_data => topic:STRING [partitions:int32]
 * FetchRequest v9-10  => partitions + current_leader_epoch:int32 (after partition)
 * FetchRequest v11    => v9 + rack_id:STRING
 * FetchRequest v12    => v11 in compact form + TAG_BUFFER; partitions + last_fetched_epoch:int32
 *                        (after fetch_offset); tagged cluster_id (skipped)
 * FetchRequest v13-14 => topics and forgotten_topics_data name a topic_id:UUID instead of topic
 * FetchRequest v15-17 => replica_id leaves the body (tagged ReplicaState, skipped: only
 *                        consumers fetch at these versions); v17 partitions carry a
 *                        tagged replica_directory_id (skipped)
 *
 * FetchResponse v0    => [responses]
 *   partitions         => partition_index:int32 error_code:int16 high_watermark:int64 records:RECORDS
 * FetchResponse v1-3  => throttle_time_ms:int32 [responses]
 * FetchResponse v4    => throttle_time_ms:int32 [responses]
 *   responses          => topic:STRING [partitions]
 *   partitions         => partition_index:int32 error_code:int16 high_watermark:int64
 *                         last_stable_offset:int64 [aborted_transactions] records:RECORDS
 *   aborted_transactions (nullable) => producer_id:int64 first_offset:int64
 * FetchResponse v5-6  => partitions + log_start_offset:int64 (after last_stable_offset)
 * FetchResponse v7-10 => throttle_time_ms error_code:int16 session_id:int32 [responses]
 * FetchResponse v11   => partitions + preferred_read_replica:int32 (before records)
 * FetchResponse v12   => v11 in compact form + TAG_BUFFER (tagged diverging_epoch,
 *                        current_leader and snapshot_id left unwritten)
 * FetchResponse v13-17 => responses name a topic_id:UUID instead of topic; v16 adds the
 *                        tagged node_endpoints (left unwritten)
 *
 * Quirks: librdkafka rejects the whole response when records is null (-1), so the
 * broker writes empty bytes instead; preferred_read_replica must be -1 or
 * librdkafka switches replicas. Fetch 0-3 carry message sets v0 (Fetch 0-1) and v1
 * (Fetch 2-3): the broker converts its record batches down for them, as Kafka 3.x
 * did (old Sarama and kafka-go configurations read nothing else). Before v3 the
 * response size is unbounded (max_bytes reads as INT32_MAX).
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct, until } from "../schema/struct.js";
import { array, int16, int32, int64, int8, nullableArray, records, string, uuid, ZERO_UUID } from "../schema/types.js";

export const fetch = defineApi({
  key: 1,
  name: "Fetch",
  minVersion: 0,
  maxVersion: 17,
  flexibleFrom: 12,
  request: struct({
    replicaId: until(14, int32, -1),
    maxWaitMs: int32,
    minBytes: int32,
    maxBytes: since(3, int32, 0x7fffffff),
    isolationLevel: since(4, int8, 0),
    sessionId: since(7, int32, 0),
    sessionEpoch: since(7, int32, -1),
    topics: array(
      struct({
        topic: until(12, string, ""),
        topicId: since(13, uuid, ZERO_UUID),
        partitions: array(
          struct({
            partition: int32,
            currentLeaderEpoch: since(9, int32, -1),
            fetchOffset: int64,
            lastFetchedEpoch: since(12, int32, -1),
            logStartOffset: since(5, int64, -1n),
            partitionMaxBytes: int32,
          }),
        ),
      }),
    ),
    forgottenTopicsData: since(7, array(struct({ topic: until(12, string, ""), topicId: since(13, uuid, ZERO_UUID), partitions: array(int32) }))),
    rackId: since(11, string, ""),
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    errorCode: since(7, int16, 0),
    sessionId: since(7, int32, 0),
    responses: array(
      struct({
        topic: until(12, string, ""),
        topicId: since(13, uuid, ZERO_UUID),
        partitions: array(
          struct({
            partitionIndex: int32,
            errorCode: int16,
            highWatermark: int64,
            lastStableOffset: since(4, int64, -1n),
            logStartOffset: since(5, int64, -1n),
            abortedTransactions: since(4, nullableArray(struct({ producerId: int64, firstOffset: int64 })), null),
            preferredReadReplica: since(11, int32, -1),
            records,
          }),
        ),
      }),
    ),
  }),
});

export type FetchRequest = RequestOf<typeof fetch>;
export type FetchResponse = ResponseOf<typeof fetch>;
