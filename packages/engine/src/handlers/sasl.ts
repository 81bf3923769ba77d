import { errorCode } from "@freshet/protocol/errors/error-codes";
import { saslAuthenticate } from "@freshet/protocol/messages/sasl-authenticate";
import { saslHandshake } from "@freshet/protocol/messages/sasl-handshake";
import { SASL_MECHANISMS } from "../auth/sasl-session.js";
import { handler, type ApiHandler } from "../server/handler.js";

/**
 * SaslHandshake and SaslAuthenticate, served only by brokers with credentials.
 * The session comes from the connection's SaslGate (auth/sasl-gate.ts), which
 * closes the connection after any failed answer and, after a v0 handshake,
 * exchanges the tokens as raw frames.
 */
export function saslHandlers(): ApiHandler[] {
  return [
    handler(saslHandshake, (request, { sasl }) => {
      const mechanisms = [...SASL_MECHANISMS];
      if (sasl === undefined) return { errorCode: errorCode("ILLEGAL_SASL_STATE"), mechanisms };
      const result = sasl.handshake(request.mechanism);
      return { errorCode: result.ok ? 0 : errorCode(result.error), mechanisms };
    }),
    handler(saslAuthenticate, async (request, { sasl }) => {
      const result = sasl === undefined ? ({ ok: false, error: "ILLEGAL_SASL_STATE", message: "this listener does not use SASL" } as const) : await sasl.authenticate(request.authBytes);
      if (result.ok) return { errorCode: 0, errorMessage: null, authBytes: result.authBytes, sessionLifetimeMs: 0n };
      return { errorCode: errorCode(result.error), errorMessage: result.message, authBytes: new Uint8Array(), sessionLifetimeMs: 0n };
    }),
  ];
}
