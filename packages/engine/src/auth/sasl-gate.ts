import { peekRequestPreamble } from "@freshet/protocol/framing/codec";
import { apiByKey } from "@freshet/protocol/messages/index";
import type { Logger } from "pino";
import type { Dispatcher, DispatchOutcome, FrameDispatcher } from "../server/dispatcher.js";
import type { RequestContext } from "../server/handler.js";
import type { CredentialStore } from "./credential-store.js";
import { SaslSession } from "./sasl-session.js";

const API_VERSIONS = 18;
const SASL_HANDSHAKE = 17;
const SASL_AUTHENTICATE = 36;

/**
 * Admission for one connection of a listener with credentials: until the client
 * has authenticated, only ApiVersions and the SASL APIs are served, and anything
 * else closes the connection (Kafka's behaviour; librdkafka then says "broker
 * might require SASL authentication"). A failed SASL answer closes it too.
 *
 * A connection dispatches requests as they arrive, so a request pipelined behind
 * a SaslAuthenticate waits for it: it is admitted only if that authentication
 * succeeded, as if the broker had read it afterwards (Kafka mutes the channel).
 *
 * After SaslHandshake v0, every frame until authentication is a raw SASL token
 * (int32 length + token, no request header) answered the same way; a failure
 * closes the connection without an answer, as Kafka does in that mode.
 */
export class SaslGate implements FrameDispatcher {
  readonly #session: SaslSession;
  #saslSteps: Promise<unknown> = Promise.resolve();
  /** Set when a SaslHandshake v0 arrives, synchronously, so the token frames after it are never read as requests. */
  #rawTokens = false;

  constructor(
    private readonly dispatcher: Dispatcher,
    store: CredentialStore,
    logger: Logger,
    connectionId: number,
  ) {
    this.#session = new SaslSession(store, logger, connectionId);
  }

  dispatch(frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome> {
    const withSession = { ...context, sasl: this.#session };
    if (this.#rawTokens && !this.#session.authenticated) return this.#chain(() => this.#rawTokenStep(frame));
    const preamble = peekRequestPreamble(frame);
    // The dispatcher closes the connection for a frame it cannot read.
    if (!preamble.ok) return this.dispatcher.dispatch(frame, withSession);
    const { apiKey, apiVersion } = preamble.value;
    if (apiKey === SASL_HANDSHAKE && apiVersion === 0) this.#rawTokens = true;
    if (apiKey === SASL_HANDSHAKE || apiKey === SASL_AUTHENTICATE) {
      const step = this.#saslSteps.then(() => this.#saslStep(frame, withSession));
      this.#saslSteps = step;
      return step;
    }
    if (apiKey === API_VERSIONS || this.#session.authenticated) return this.dispatcher.dispatch(frame, withSession);
    return this.#saslSteps.then(() => {
      if (this.#session.authenticated) return this.dispatcher.dispatch(frame, withSession);
      const name = apiByKey(apiKey)?.name ?? `api key ${apiKey}`;
      return { kind: "close", reason: `${name} request before SASL authentication` };
    });
  }

  #chain(step: () => Promise<DispatchOutcome>): Promise<DispatchOutcome> {
    const next = this.#saslSteps.then(step);
    this.#saslSteps = next;
    return next;
  }

  async #rawTokenStep(frame: Uint8Array): Promise<DispatchOutcome> {
    if (this.#session.failed) return { kind: "close", reason: "SASL token after a failed handshake or authentication" };
    const result = await this.#session.authenticate(frame);
    if (!result.ok) return { kind: "close", reason: `SASL authentication failed: ${result.message}` };
    const size = new Uint8Array(4);
    new DataView(size.buffer).setInt32(0, result.authBytes.byteLength);
    return { kind: "respond", chunks: [size, result.authBytes] };
  }

  async #saslStep(frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome> {
    if (this.#session.failed) return { kind: "close", reason: "SASL request after a failed authentication" };
    const outcome = await this.dispatcher.dispatch(frame, context);
    if (outcome.kind === "respond" && this.#session.failed) {
      return { kind: "respond-and-close", chunks: outcome.chunks, reason: "SASL authentication failed" };
    }
    return outcome;
  }
}
