/*
 * SaslAuthenticate (key 36), versions 0-2; flexible from v2 (KIP-482).
 *
 * SaslAuthenticateRequest v0-2 => auth_bytes:BYTES
 *
 * SaslAuthenticateResponse v0  => error_code:int16 error_message:NULLABLE_STRING auth_bytes:BYTES
 * SaslAuthenticateResponse v1  => v0 + session_lifetime_ms:int64
 * SaslAuthenticateResponse v2  => v1, compact encodings and tagged fields
 *
 * session_lifetime_ms 0 means the session never needs re-authentication (KIP-368).
 * kafkajs 2.2.4 sends v1 and librdkafka 2.0.2 v0; v2 is for Java clients (3.x),
 * which send the highest version the broker offers.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { bytes, int16, int64, nullableString } from "../schema/types.js";

export const saslAuthenticate = defineApi({
  key: 36,
  name: "SaslAuthenticate",
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 2,
  request: struct({
    authBytes: bytes,
  }),
  response: struct({
    errorCode: int16,
    errorMessage: nullableString,
    authBytes: bytes,
    sessionLifetimeMs: since(1, int64, 0n),
  }),
});

export type SaslAuthenticateRequest = RequestOf<typeof saslAuthenticate>;
export type SaslAuthenticateResponse = ResponseOf<typeof saslAuthenticate>;
