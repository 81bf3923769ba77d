/*
 * SmartFetch (key 1104), version 0, flexible from 0: a Freshet extension every
 * broker serves on its Kafka listener. It reads one partition through a chain of
 * SmartModules run on the broker, so only the chain's output crosses the network.
 *
 * A chain is stateful (aggregates keep an accumulator, every step keeps a warm
 * instance), so it lives in a session the broker keys by (connection, session_id).
 * session_id 0 opens a session with `chain` and, to resume aggregates, the
 * `accumulators` of an earlier session; later requests name the session and the
 * broker ignores both fields. A session ends with its connection, after an idle
 * timeout, and with any answer that carries an error (a module's failure comes
 * with the module's message in error_message, and session_id 0); a request
 * naming a session the broker no longer has gets FETCH_SESSION_ID_NOT_FOUND and
 * the client opens a new one from its last next_offset and accumulators.
 *
 * SmartFetchRequest v0  => session_id:int32 topic:COMPACT_STRING partition:int32
 *                          fetch_offset:int64 max_bytes:int32 max_wait_ms:int32
 *                          chain:[module:COMPACT_STRING ("name[@version]") params:[name:COMPACT_STRING value:COMPACT_STRING TAG_BUFFER] TAG_BUFFER]
 *                          accumulators:COMPACT_NULLABLE_ARRAY[COMPACT_BYTES] TAG_BUFFER
 * SmartFetchResponse v0 => error_code:int16 error_message:COMPACT_NULLABLE_STRING session_id:int32
 *                          high_watermark:int64 next_offset:int64
 *                          records:COMPACT_BYTES (packed batch, @freshet/smartmodule packed/)
 *                          record_errors:[offset:int64 module:COMPACT_STRING message:COMPACT_STRING TAG_BUFFER]
 *                          accumulators:[COMPACT_BYTES] TAG_BUFFER
 *
 * next_offset is one past the last input record the chain consumed: where the
 * next request reads from, whether or not those records produced output.
 * max_bytes bounds the stored batches read per request (the first batch comes
 * whole, as in Fetch), not the chain's output.
 */
import { defineApi, type RequestOf, type ResponseOf } from "../define.js";
import { struct } from "../../schema/struct.js";
import { array, bytes, int16, int32, int64, nullableArray, nullableString, string } from "../../schema/types.js";

export const smartFetchChainStep = struct({ module: string, params: array(struct({ name: string, value: string })) });

export const smartFetch = defineApi({
  key: 1104,
  name: "SmartFetch",
  minVersion: 0,
  maxVersion: 0,
  flexibleFrom: 0,
  request: struct({
    sessionId: int32,
    topic: string,
    partition: int32,
    fetchOffset: int64,
    maxBytes: int32,
    maxWaitMs: int32,
    chain: array(smartFetchChainStep),
    accumulators: nullableArray(bytes),
  }),
  response: struct({
    errorCode: int16,
    errorMessage: nullableString,
    sessionId: int32,
    highWatermark: int64,
    nextOffset: int64,
    records: bytes,
    recordErrors: array(struct({ offset: int64, module: string, message: string })),
    accumulators: array(bytes),
  }),
});

export type SmartFetchRequest = RequestOf<typeof smartFetch>;
export type SmartFetchResponse = ResponseOf<typeof smartFetch>;
export type SmartFetchChainStep = SmartFetchRequest["chain"][number];
