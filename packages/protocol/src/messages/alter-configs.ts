/*
 * AlterConfigs (key 33), versions 0-4; flexible from v2. Replaces a resource's whole set
 * of dynamic configs: keys left out return to their defaults.
 *
 * AlterConfigsRequest  => [resources] validate_only:BOOLEAN
 *   resources          => resource_type:int8 resource_name:STRING [configs]
 *   configs            => name:STRING value:NULLABLE_STRING
 *
 * AlterConfigsResponse => throttle_time_ms:int32 [responses]
 *   responses          => error_code:int16 error_message:NULLABLE_STRING
 *                         resource_type:int8 resource_name:STRING
 *
 * Every version has the same fields; v1 only changed throttling, v2 made it flexible.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { struct } from "../schema/struct.js";
import { array, bool, int16, int32, int8, nullableString, string } from "../schema/types.js";

export const alterConfigs = defineApi({
  key: 33,
  name: "AlterConfigs",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 2,
  request: struct({
    resources: array(
      struct({
        resourceType: int8,
        resourceName: string,
        configs: array(struct({ name: string, value: nullableString })),
      }),
    ),
    validateOnly: bool,
  }),
  response: struct({
    throttleTimeMs: int32,
    responses: array(struct({ errorCode: int16, errorMessage: nullableString, resourceType: int8, resourceName: string })),
  }),
});

export type AlterConfigsRequest = RequestOf<typeof alterConfigs>;
export type AlterConfigsResponse = ResponseOf<typeof alterConfigs>;
