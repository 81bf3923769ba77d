/*
 * Produce (key 0), versions 0-12; flexible from v9.
 *
 * ProduceRequest v0-2  => acks:int16 timeout_ms:int32 [topic_data]
 *   topic_data          => name:STRING [partition_data]
 *   partition_data      => index:int32 records:RECORDS
 * ProduceRequest v3-7  => transactional_id:NULLABLE_STRING acks:int16 timeout_ms:int32 [topic_data]
 *
 * ProduceResponse v0   => [responses]
 *   responses           => name:STRING [partition_responses]
 *   partition_responses => index:int32 error_code:int16 base_offset:int64
 * ProduceResponse v1   => [responses] throttle_time_ms:int32
 * ProduceResponse v2-4 => partition_responses + log_append_time_ms:int64
 * ProduceResponse v5-7 => partition_responses + log_append_time_ms:int64 log_start_offset:int64
 * ProduceResponse v8   => partition_responses + [record_errors] error_message:NULLABLE_STRING
 *   record_errors       => batch_index:int32 batch_index_error_message:NULLABLE_STRING
 * Produce v9           => v8 in compact form + TAG_BUFFER
 * Produce v10-12       => v9; the response's tagged CurrentLeader and NodeEndpoints
 *                         (KIP-951) are left unwritten, so clients refresh metadata
 *                         on NOT_LEADER_OR_FOLLOWER as before. v12 only tells the
 *                         broker the producer speaks transactions v2 (KIP-890).
 *
 * v0-2 carry message-set v0/v1 payloads, which the broker does not store: they are
 * advertised only because librdkafka enables gzip/snappy/lz4 when Produce v0 is in
 * range, and are answered with UNSUPPORTED_VERSION per partition. v3-6 differ from
 * v7 only in the compression codecs a broker must accept (zstd needs v7).
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, int16, int32, int64, nullableString, records, string } from "../schema/types.js";

export const produce = defineApi({
  key: 0,
  name: "Produce",
  minVersion: 0,
  maxVersion: 12,
  flexibleFrom: 9,
  request: struct({
    transactionalId: since(3, nullableString, null),
    acks: int16,
    timeoutMs: int32,
    topicData: array(
      struct({
        name: string,
        partitionData: array(struct({ index: int32, records })),
      }),
    ),
  }),
  response: struct({
    responses: array(
      struct({
        name: string,
        partitionResponses: array(
          struct({
            index: int32,
            errorCode: int16,
            baseOffset: int64,
            logAppendTimeMs: since(2, int64, -1n),
            logStartOffset: since(5, int64, -1n),
            recordErrors: since(8, array(struct({ batchIndex: int32, batchIndexErrorMessage: nullableString }))),
            errorMessage: since(8, nullableString, null),
          }),
        ),
      }),
    ),
    throttleTimeMs: since(1, int32, 0),
  }),
});

export type ProduceRequest = RequestOf<typeof produce>;
export type ProduceResponse = ResponseOf<typeof produce>;
