/*
 * DeleteTopics (key 20), versions 0-6; flexible from v4.
 *
 * DeleteTopicsRequest v0-1 => [topic_names:STRING] timeout_ms:int32
 *
 * DeleteTopicsResponse v0  => [responses]
 *   responses               => name:STRING error_code:int16
 * DeleteTopicsResponse v1-3 => throttle_time_ms:int32 [responses]
 * DeleteTopics v4           => v3 in compact form + TAG_BUFFER
 * DeleteTopicsResponse v5   => responses + error_message:NULLABLE_STRING
 * DeleteTopicsRequest v6   => [topics] timeout_ms:int32
 *   topics                  => name:COMPACT_NULLABLE_STRING topic_id:UUID (by name when the id is zero)
 * DeleteTopicsResponse v6  => responses => name:COMPACT_NULLABLE_STRING topic_id:UUID error_code
 *                             error_message
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct, until } from "../schema/struct.js";
import { array, int16, int32, nullableString, nullableStringFrom, string, uuid, ZERO_UUID } from "../schema/types.js";

export const deleteTopics = defineApi({
  key: 20,
  name: "DeleteTopics",
  minVersion: 0,
  maxVersion: 6,
  flexibleFrom: 4,
  request: struct({
    topics: since(6, array(struct({ name: nullableString, topicId: uuid }))),
    topicNames: until(5, array(string)),
    timeoutMs: int32,
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    responses: array(struct({ name: nullableStringFrom(6), topicId: since(6, uuid, ZERO_UUID), errorCode: int16, errorMessage: since(5, nullableString, null) })),
  }),
});

export type DeleteTopicsRequest = RequestOf<typeof deleteTopics>;
export type DeleteTopicsResponse = ResponseOf<typeof deleteTopics>;
