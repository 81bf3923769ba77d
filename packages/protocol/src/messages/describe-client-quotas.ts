/*
 * DescribeClientQuotas (key 48), versions 0-1; v1 is v0 in compact form (flexible).
 * The quotas whose entity matches every filter component (KIP-546).
 *
 * DescribeClientQuotasRequest  => [components] strict:bool
 *   components                 => entity_type:STRING match_type:int8 match:NULLABLE_STRING
 *     match_type                0 = exactly `match` (null = the default entity),
 *                               1 = the default entity, 2 = any entity of that type
 *
 * DescribeClientQuotasResponse => throttle_time_ms:int32 error_code:int16
 *                                 error_message:NULLABLE_STRING [entries] (nullable)
 *   entries                    => [entity] [values]
 *     entity                   => entity_type:STRING entity_name:NULLABLE_STRING (null = default)
 *     values                   => key:STRING value:float64
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { struct } from "../schema/struct.js";
import { array, bool, float64, int8, int16, int32, nullableArray, nullableString, string } from "../schema/types.js";

/** One part of a quota entity: `user` or `client-id`, and its name (null = that type's default). */
export const quotaEntityPart = struct({ entityType: string, entityName: nullableString });

export const describeClientQuotas = defineApi({
  key: 48,
  name: "DescribeClientQuotas",
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  request: struct({
    components: array(struct({ entityType: string, matchType: int8, match: nullableString })),
    strict: bool,
  }),
  response: struct({
    throttleTimeMs: int32,
    errorCode: int16,
    errorMessage: nullableString,
    entries: nullableArray(struct({ entity: array(quotaEntityPart), values: array(struct({ key: string, value: float64 })) })),
  }),
});

export type DescribeClientQuotasRequest = RequestOf<typeof describeClientQuotas>;
export type DescribeClientQuotasResponse = ResponseOf<typeof describeClientQuotas>;
