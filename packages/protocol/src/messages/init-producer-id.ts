/*
 * InitProducerId (key 22), versions 0-5; v2 is v1 in compact form (flexible).
 *
 * InitProducerIdRequest v0-1  => transactional_id:NULLABLE_STRING transaction_timeout_ms:int32
 * InitProducerIdResponse v0-1 => throttle_time_ms:int32 error_code:int16 producer_id:int64
 *                                producer_epoch:int16
 *
 * v1 has the v0 layout; it only changes quota handling (the broker answers before
 * throttling). A null transactional id asks for a plain idempotent producer id.
 * InitProducerIdRequest v3-5 => v2 + producer_id:int64 producer_epoch:int16 (KIP-360: the
 *                               id and epoch a transactional producer asks to bump; -1 -1
 *                               when it has none). v4 and v5 only add error codes.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { int16, int32, int64, nullableString } from "../schema/types.js";

export const initProducerId = defineApi({
  key: 22,
  name: "InitProducerId",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 2,
  request: struct({
    transactionalId: nullableString,
    transactionTimeoutMs: int32,
    producerId: since(3, int64, -1n),
    producerEpoch: since(3, int16, -1),
  }),
  response: struct({
    throttleTimeMs: int32,
    errorCode: int16,
    producerId: int64,
    producerEpoch: int16,
  }),
});

export type InitProducerIdRequest = RequestOf<typeof initProducerId>;
export type InitProducerIdResponse = ResponseOf<typeof initProducerId>;
