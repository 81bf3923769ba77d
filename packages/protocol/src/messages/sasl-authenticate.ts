/*
 * SaslAuthenticate (key 36), versions 0-1; none flexible (flexible from v2).
 *
 * SaslAuthenticateRequest v0-1 => auth_bytes:BYTES
 *
 * SaslAuthenticateResponse v0  => error_code:int16 error_message:NULLABLE_STRING auth_bytes:BYTES
 * SaslAuthenticateResponse v1  => v0 + session_lifetime_ms:int64
 *
 * session_lifetime_ms 0 means the session never needs re-authentication (KIP-368).
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { bytes, int16, int64, nullableString } from "../schema/types.js";

export const saslAuthenticate = defineApi({
  key: 36,
  name: "SaslAuthenticate",
  minVersion: 0,
  maxVersion: 1,
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
