/*
 * ApiVersions (key 18), versions 0-4; flexible from v3 (v4 = v3).
 *
 * ApiVersionsRequest v0-v2 => (empty body)
 * ApiVersionsRequest v3    => client_software_name:COMPACT_STRING client_software_version:COMPACT_STRING TAG_BUFFER
 * ApiVersionsResponse v0   => error_code:int16 [api_key:int16 min_version:int16 max_version:int16]
 * ApiVersionsResponse v1-2 => v0 + throttle_time_ms:int32
 * ApiVersionsResponse v3   => v1 in compact form + TAG_BUFFER
 *
 * Quirk: the response header of ApiVersions is always v0 (no tag buffer), even for
 * v3, and an unsupported request version is answered with error 35 in a v0 body
 * (librdkafka then retries with v0).
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, int16, int32, string } from "../schema/types.js";

export const apiVersions = defineApi({
  key: 18,
  name: "ApiVersions",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 3,
  request: struct({
    clientSoftwareName: since(3, string),
    clientSoftwareVersion: since(3, string),
  }),
  response: struct({
    errorCode: int16,
    apiKeys: array(struct({ apiKey: int16, minVersion: int16, maxVersion: int16 })),
    throttleTimeMs: since(1, int32),
  }),
});

export type ApiVersionsRequest = RequestOf<typeof apiVersions>;
export type ApiVersionsResponse = ResponseOf<typeof apiVersions>;
