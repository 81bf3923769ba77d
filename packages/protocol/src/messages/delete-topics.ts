/*
 * DeleteTopics (key 20), versions 0-5; flexible from v4.
 *
 * DeleteTopicsRequest v0-1 => [topic_names:STRING] timeout_ms:int32
 *
 * DeleteTopicsResponse v0  => [responses]
 *   responses               => name:STRING error_code:int16
 * DeleteTopicsResponse v1-3 => throttle_time_ms:int32 [responses]
 * DeleteTopics v4           => v3 in compact form + TAG_BUFFER
 * DeleteTopicsResponse v5   => responses + error_message:NULLABLE_STRING
 *
 * v6 names topics by id as well; not offered yet.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, int16, int32, nullableString, string } from "../schema/types.js";

export const deleteTopics = defineApi({
  key: 20,
  name: "DeleteTopics",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 4,
  request: struct({
    topicNames: array(string),
    timeoutMs: int32,
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    responses: array(struct({ name: string, errorCode: int16, errorMessage: since(5, nullableString, null) })),
  }),
});

export type DeleteTopicsRequest = RequestOf<typeof deleteTopics>;
export type DeleteTopicsResponse = ResponseOf<typeof deleteTopics>;
