/*
 * DeleteTopics (key 20), versions 0-1; none flexible (flexible from v4).
 *
 * DeleteTopicsRequest v0-1 => [topic_names:STRING] timeout_ms:int32
 *
 * DeleteTopicsResponse v0  => [responses]
 *   responses               => name:STRING error_code:int16
 * DeleteTopicsResponse v1  => throttle_time_ms:int32 [responses]
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, int16, int32, string } from "../schema/types.js";

export const deleteTopics = defineApi({
  key: 20,
  name: "DeleteTopics",
  minVersion: 0,
  maxVersion: 1,
  request: struct({
    topicNames: array(string),
    timeoutMs: int32,
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    responses: array(struct({ name: string, errorCode: int16 })),
  }),
});

export type DeleteTopicsRequest = RequestOf<typeof deleteTopics>;
export type DeleteTopicsResponse = ResponseOf<typeof deleteTopics>;
