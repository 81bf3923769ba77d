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
 */
export class SaslGate implements FrameDispatcher {
  readonly #session: SaslSession;
  #saslSteps: Promise<unknown> = Promise.resolve();

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
    const preamble = peekRequestPreamble(frame);
    // The dispatcher closes the connection for a frame it cannot read.
    if (!preamble.ok) return this.dispatcher.dispatch(frame, withSession);
    const { apiKey } = preamble.value;
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

  async #saslStep(frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome> {
    if (this.#session.failed) return { kind: "close", reason: "SASL request after a failed authentication" };
    const outcome = await this.dispatcher.dispatch(frame, context);
    if (outcome.kind === "respond" && this.#session.failed) {
      return { kind: "respond-and-close", chunks: outcome.chunks, reason: "SASL authentication failed" };
    }
    return outcome;
  }
}
