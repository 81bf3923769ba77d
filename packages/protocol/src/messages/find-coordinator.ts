/*
 * FindCoordinator (key 10), versions 0-2; none flexible (flexible from v3).
 *
 * FindCoordinatorRequest v0   => key:STRING
 * FindCoordinatorRequest v1-2 => key:STRING key_type:int8 (0 = group, 1 = transaction)
 *
 * FindCoordinatorResponse v0   => error_code:int16 node_id:int32 host:STRING port:int32
 * FindCoordinatorResponse v1-2 => throttle_time_ms:int32 error_code:int16
 *                                 error_message:NULLABLE_STRING node_id:int32 host:STRING port:int32
 *
 * v0 must stay advertised: librdkafka's group-coordinator and LZ4 feature probes
 * test for it.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { int16, int32, int8, nullableString, string } from "../schema/types.js";

export const findCoordinator = defineApi({
  key: 10,
  name: "FindCoordinator",
  minVersion: 0,
  maxVersion: 2,
  request: struct({
    key: string,
    keyType: since(1, int8, 0),
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    errorCode: int16,
    errorMessage: since(1, nullableString, null),
    nodeId: int32,
    host: string,
    port: int32,
  }),
});

export type FindCoordinatorRequest = RequestOf<typeof findCoordinator>;
export type FindCoordinatorResponse = ResponseOf<typeof findCoordinator>;
