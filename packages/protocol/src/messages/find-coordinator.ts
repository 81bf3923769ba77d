/*
 * FindCoordinator (key 10), versions 0-6; flexible from v3.
 *
 * FindCoordinatorRequest v0   => key:STRING
 * FindCoordinatorRequest v1-2 => key:STRING key_type:int8 (0 = group, 1 = transaction)
 *
 * FindCoordinatorResponse v0   => error_code:int16 node_id:int32 host:STRING port:int32
 * FindCoordinatorResponse v1-2 => throttle_time_ms:int32 error_code:int16
 *                                 error_message:NULLABLE_STRING node_id:int32 host:STRING port:int32
 * FindCoordinator v3           => v2 in compact form + TAG_BUFFER
 * FindCoordinatorRequest v4    => key_type:int8 [coordinator_keys:STRING]
 * FindCoordinatorResponse v4   => throttle_time_ms:int32 [coordinators]
 *   coordinators                => key:STRING node_id:int32 host:STRING port:int32
 *                                  error_code:int16 error_message:NULLABLE_STRING
 * FindCoordinator v5-6         => v4; v5 adds TRANSACTION_ABORTABLE, v6 key_type 2 (share groups)
 *
 * v0 must stay advertised: librdkafka's group-coordinator and LZ4 feature probes
 * test for it.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { between, since, struct, until } from "../schema/struct.js";
import { array, int16, int32, int8, nullableString, string } from "../schema/types.js";

export const findCoordinator = defineApi({
  key: 10,
  name: "FindCoordinator",
  minVersion: 0,
  maxVersion: 6,
  flexibleFrom: 3,
  request: struct({
    key: until(3, string, ""),
    keyType: since(1, int8, 0),
    coordinatorKeys: since(4, array(string)),
  }),
  response: struct({
    throttleTimeMs: since(1, int32, 0),
    errorCode: until(3, int16, 0),
    errorMessage: between(1, 3, nullableString, null),
    nodeId: until(3, int32, -1),
    host: until(3, string, ""),
    port: until(3, int32, -1),
    coordinators: since(4, array(struct({ key: string, nodeId: int32, host: string, port: int32, errorCode: int16, errorMessage: nullableString }))),
  }),
});

export type FindCoordinatorRequest = RequestOf<typeof findCoordinator>;
export type FindCoordinatorResponse = ResponseOf<typeof findCoordinator>;
