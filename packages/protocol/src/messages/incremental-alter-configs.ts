/*
 * IncrementalAlterConfigs (key 44), versions 0-1; flexible from v1 (KIP-339). Changes
 * only the named keys of a resource's dynamic configs.
 *
 * IncrementalAlterConfigsRequest  => [resources] validate_only:BOOLEAN
 *   resources                     => resource_type:int8 resource_name:STRING [configs]
 *   configs                       => name:STRING config_operation:int8 value:NULLABLE_STRING
 *
 * IncrementalAlterConfigsResponse => throttle_time_ms:int32 [responses]
 *   responses                     => error_code:int16 error_message:NULLABLE_STRING
 *                                    resource_type:int8 resource_name:STRING
 *
 * config_operation: 0 SET, 1 DELETE (back to the default), 2 APPEND and 3 SUBTRACT (list
 * values only).
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { struct } from "../schema/struct.js";
import { array, bool, int16, int32, int8, nullableString, string } from "../schema/types.js";

export const incrementalAlterConfigs = defineApi({
  key: 44,
  name: "IncrementalAlterConfigs",
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  request: struct({
    resources: array(
      struct({
        resourceType: int8,
        resourceName: string,
        configs: array(struct({ name: string, configOperation: int8, value: nullableString })),
      }),
    ),
    validateOnly: bool,
  }),
  response: struct({
    throttleTimeMs: int32,
    responses: array(struct({ errorCode: int16, errorMessage: nullableString, resourceType: int8, resourceName: string })),
  }),
});

export type IncrementalAlterConfigsRequest = RequestOf<typeof incrementalAlterConfigs>;
export type IncrementalAlterConfigsResponse = ResponseOf<typeof incrementalAlterConfigs>;
