/*
 * DescribeConfigs (key 32), versions 0-4; flexible from v4.
 *
 * DescribeConfigsRequest v0   => [resources]
 *   resources                  => resource_type:int8 resource_name:STRING
 *                                 [configuration_keys:STRING] (nullable: null = all)
 * DescribeConfigsRequest v1-2 => [resources] include_synonyms:BOOLEAN
 *
 * DescribeConfigsResponse v0   => throttle_time_ms:int32 [results]
 *   results                     => error_code:int16 error_message:NULLABLE_STRING
 *                                  resource_type:int8 resource_name:STRING [configs]
 *   configs                     => name:STRING value:NULLABLE_STRING read_only:BOOLEAN
 *                                  is_default:BOOLEAN is_sensitive:BOOLEAN
 * DescribeConfigsResponse v1-2 => configs => name value read_only config_source:int8
 *                                  is_sensitive [synonyms]
 *   synonyms                    => name:STRING value:NULLABLE_STRING source:int8
 * DescribeConfigsRequest v3   => v2 + include_documentation:BOOLEAN
 * DescribeConfigsResponse v3   => configs + config_type:int8 documentation:NULLABLE_STRING (after synonyms)
 * DescribeConfigs v4           => v3 in compact form + TAG_BUFFER
 *
 * v1 replaced is_default by config_source (5 = DEFAULT_CONFIG, 1 = DYNAMIC_TOPIC_CONFIG);
 * v2 has the v1 layout.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct, until } from "../schema/struct.js";
import { array, bool, int16, int32, int8, nullableArray, nullableString, string } from "../schema/types.js";

export const describeConfigs = defineApi({
  key: 32,
  name: "DescribeConfigs",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 4,
  request: struct({
    resources: array(
      struct({
        resourceType: int8,
        resourceName: string,
        configurationKeys: nullableArray(string),
      }),
    ),
    includeSynonyms: since(1, bool, false),
    includeDocumentation: since(3, bool, false),
  }),
  response: struct({
    throttleTimeMs: int32,
    results: array(
      struct({
        errorCode: int16,
        errorMessage: nullableString,
        resourceType: int8,
        resourceName: string,
        configs: array(
          struct({
            name: string,
            value: nullableString,
            readOnly: bool,
            isDefault: until(0, bool, false),
            configSource: since(1, int8, -1),
            isSensitive: bool,
            synonyms: since(1, array(struct({ name: string, value: nullableString, source: int8 }))),
            configType: since(3, int8, 0),
            documentation: since(3, nullableString, null),
          }),
        ),
      }),
    ),
  }),
});

export type DescribeConfigsRequest = RequestOf<typeof describeConfigs>;
export type DescribeConfigsResponse = ResponseOf<typeof describeConfigs>;
