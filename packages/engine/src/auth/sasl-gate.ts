import { peekRequestPreamble } from "@freshet/protocol/framing/codec";
import { apiByKey } from "@freshet/protocol/messages/index";
import type { Clock } from "../system/clock.js";
import type { Logger } from "../system/logger.js";
import type { ConnectionHandle } from "../server/connection.js";
import type { Dispatcher, DispatchOutcome, FrameDispatcher } from "../server/dispatcher.js";
import type { RequestContext } from "../server/handler.js";
import type { AuthenticatedConnections } from "./authenticated-connections.js";
import type { CredentialStore } from "./credential-store.js";
import type { LoginThrottle } from "./login-throttle.js";
import { SaslSession } from "./sasl-session.js";

const API_VERSIONS = 18;
const SASL_HANDSHAKE = 17;
const SASL_AUTHENTICATE = 36;

/**
 * The largest frame accepted before authentication. Kafka allows 512 KiB; what a
 * client may send then (ApiVersions, SaslHandshake, SaslAuthenticate, a Metadata
 * request naming a thousand topics) fits in far less, and this bound times the
 * connection caps is what strangers can make the broker hold.
 */
export const PRE_AUTH_MAX_FRAME_BYTES = 64 * 1024;

/** What every connection's gate of one listener shares. */
export interface SaslGateServices {
  readonly store: CredentialStore;
  readonly throttle: LoginThrottle;
  readonly sessions: AuthenticatedConnections;
  readonly logger: Logger;
  readonly clock: Clock;
}

function delay(clock: Clock, ms: number, abandoned: Promise<void>): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const cancel = clock.schedule(ms, resolve);
    void abandoned.then(() => {
      cancel();
      resolve();
    });
  });
}

/**
 * Admission for one connection of a listener with credentials: until the client
 * has authenticated, only ApiVersions and the SASL APIs are served, and anything
 * else closes the connection (Kafka's behaviour; librdkafka then says "broker
 * might require SASL authentication"). A failed SASL answer closes it too, after
 * the address's login delay (LoginThrottle).
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
    private readonly services: SaslGateServices,
    private readonly connection: ConnectionHandle,
  ) {
    this.#session = new SaslSession(services.store, services.logger, connection.id, undefined, connection.encrypted);
  }

  maxFrameBytes(): number | undefined {
    return this.#session.authenticated ? undefined : PRE_AUTH_MAX_FRAME_BYTES;
  }

  dispatch(frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome> {
    const withSession = { ...context, sasl: this.#session };
    if (this.#rawTokens && !this.#session.authenticated) return this.#chain(() => this.#rawTokenStep(frame, context));
    const preamble = peekRequestPreamble(frame);
    // The dispatcher closes the connection for a frame it cannot read.
    if (!preamble.ok) return this.dispatcher.dispatch(frame, withSession);
    const { apiKey, apiVersion } = preamble.value;
    if (apiKey === SASL_HANDSHAKE && apiVersion === 0) this.#rawTokens = true;
    if (apiKey === SASL_HANDSHAKE || apiKey === SASL_AUTHENTICATE) return this.#chain(() => this.#saslStep(apiKey, frame, withSession));
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

  async #rawTokenStep(frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome> {
    if (this.#session.failed) return { kind: "close", reason: "SASL token after a failed handshake or authentication" };
    const result = await this.#session.authenticate(frame);
    if (!result.ok) {
      await delay(this.services.clock, this.services.throttle.failed(this.connection.remoteHost), context.abandoned);
      return { kind: "close", reason: `SASL authentication failed: ${result.message}` };
    }
    const principal = this.#session.principal;
    if (principal !== null) this.services.sessions.add(principal, this.connection, context.abandoned);
    const size = new Uint8Array(4);
    new DataView(size.buffer).setInt32(0, result.authBytes.byteLength);
    return { kind: "respond", chunks: [size, result.authBytes] };
  }

  async #saslStep(apiKey: number, frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome> {
    if (this.#session.failed) return { kind: "close", reason: "SASL request after a failed authentication" };
    const host = this.connection.remoteHost;
    // Each handshake starts one login attempt: an address that keeps failing waits out its delays first.
    if (apiKey === SASL_HANDSHAKE) await delay(this.services.clock, this.services.throttle.waitBeforeAttempt(host), context.abandoned);
    const wasAuthenticated = this.#session.authenticated;
    const outcome = await this.dispatcher.dispatch(frame, context);
    if (outcome.kind === "respond" && this.#session.failed) {
      await delay(this.services.clock, this.services.throttle.failed(host), context.abandoned);
      return { kind: "respond-and-close", chunks: outcome.chunks, reason: "SASL authentication failed" };
    }
    const principal = this.#session.principal;
    if (!wasAuthenticated && principal !== null) this.services.sessions.add(principal, this.connection, context.abandoned);
    return outcome;
  }
}
