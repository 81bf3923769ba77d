/*
 * AlterClientQuotas (key 49), versions 0-1; v1 is v0 in compact form (flexible).
 * Sets or removes quota values per entity (KIP-546); each entry succeeds or fails alone.
 *
 * AlterClientQuotasRequest  => [entries] validate_only:bool
 *   entries                 => [entity] [ops]
 *     entity                => entity_type:STRING entity_name:NULLABLE_STRING (null = default)
 *     ops                   => key:STRING value:float64 remove:bool
 *
 * AlterClientQuotasResponse => throttle_time_ms:int32 [entries]
 *   entries                 => error_code:int16 error_message:NULLABLE_STRING [entity]
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { quotaEntityPart } from "./describe-client-quotas.js";
import { struct } from "../schema/struct.js";
import { array, bool, float64, int16, int32, nullableString, string } from "../schema/types.js";

export const alterClientQuotas = defineApi({
  key: 49,
  name: "AlterClientQuotas",
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  request: struct({
    entries: array(struct({ entity: array(quotaEntityPart), ops: array(struct({ key: string, value: float64, remove: bool })) })),
    validateOnly: bool,
  }),
  response: struct({
    throttleTimeMs: int32,
    entries: array(struct({ errorCode: int16, errorMessage: nullableString, entity: array(quotaEntityPart) })),
  }),
});

export type AlterClientQuotasRequest = RequestOf<typeof alterClientQuotas>;
export type AlterClientQuotasResponse = ResponseOf<typeof alterClientQuotas>;
