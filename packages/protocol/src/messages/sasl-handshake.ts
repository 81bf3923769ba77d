/*
 * SaslHandshake (key 17), versions 0-1; never flexible.
 *
 * SaslHandshakeRequest v0-1  => mechanism:STRING
 * SaslHandshakeResponse v0-1 => error_code:int16 [mechanisms:STRING]
 *
 * After v0 the SASL tokens follow as raw int32-size-prefixed frames; after v1 they
 * travel inside SaslAuthenticate requests. Both versions must be advertised for
 * librdkafka's feature probes.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { struct } from "../schema/struct.js";
import { array, int16, string } from "../schema/types.js";

export const saslHandshake = defineApi({
  key: 17,
  name: "SaslHandshake",
  minVersion: 0,
  maxVersion: 1,
  request: struct({
    mechanism: string,
  }),
  response: struct({
    errorCode: int16,
    mechanisms: array(string),
  }),
});

export type SaslHandshakeRequest = RequestOf<typeof saslHandshake>;
export type SaslHandshakeResponse = ResponseOf<typeof saslHandshake>;
