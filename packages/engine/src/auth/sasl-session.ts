/*
 * The SASL state of one connection, as Kafka keeps it:
 *   SaslHandshake v1 (mechanism) → SaslAuthenticate × rounds → authenticated.
 * Any failure leaves the session failed; the connection is closed after the
 * answer, as Kafka does. After SaslHandshake v0 the tokens arrive as raw
 * length-prefixed frames instead of SaslAuthenticate requests (kafka-python 2.0,
 * Sarama configured below Kafka 1.0); the connection's SaslGate unwraps them.
 * PLAIN sends the password itself, so it is accepted only on TLS connections;
 * SCRAM proves the password without sending it and works on either.
 */
import type { Logger } from "../system/logger.js";
import type { CredentialStore } from "./credential-store.js";
import { ScramServerExchange, type NonceSource } from "./scram-server.js";

export const SASL_MECHANISMS = ["PLAIN", "SCRAM-SHA-256"] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export type HandshakeResult = { readonly ok: true } | { readonly ok: false; readonly error: "UNSUPPORTED_SASL_MECHANISM" | "ILLEGAL_SASL_STATE" };

export type AuthenticateResult =
  { readonly ok: true; readonly authBytes: Uint8Array } | { readonly ok: false; readonly error: "SASL_AUTHENTICATION_FAILED" | "ILLEGAL_SASL_STATE"; readonly message: string };

type State =
  | { readonly kind: "new" }
  | { readonly kind: "plain" }
  | { readonly kind: "scram"; readonly exchange: ScramServerExchange }
  | { readonly kind: "authenticated"; readonly principal: string }
  | { readonly kind: "failed" };

function isMechanism(name: string): name is SaslMechanism {
  return (SASL_MECHANISMS as readonly string[]).includes(name);
}

const decoder = new TextDecoder("utf-8", { fatal: true });

const PLAIN_NEEDS_TLS = "PLAIN is accepted only over TLS (security.protocol=SASL_SSL); use SCRAM-SHA-256 or connect with TLS";

export class SaslSession {
  #state: State = { kind: "new" };

  constructor(
    private readonly store: CredentialStore,
    private readonly logger: Logger,
    private readonly connectionId: number,
    private readonly nonce?: NonceSource,
    /** Whether the client speaks TLS on this connection. */
    private readonly encrypted = false,
  ) {}

  get authenticated(): boolean {
    return this.#state.kind === "authenticated";
  }

  /** Set once the session can no longer succeed: its connection must close after the answer. */
  get failed(): boolean {
    return this.#state.kind === "failed";
  }

  get principal(): string | null {
    return this.#state.kind === "authenticated" ? this.#state.principal : null;
  }

  handshake(mechanism: string): HandshakeResult {
    if (this.#state.kind !== "new") {
      this.#state = { kind: "failed" };
      return { ok: false, error: "ILLEGAL_SASL_STATE" };
    }
    // kafkajs upper-cases mechanism names; Kafka compares them exactly.
    if (!isMechanism(mechanism)) {
      this.#state = { kind: "failed" };
      return { ok: false, error: "UNSUPPORTED_SASL_MECHANISM" };
    }
    this.#state = mechanism === "PLAIN" ? { kind: "plain" } : { kind: "scram", exchange: new ScramServerExchange(this.store, this.nonce) };
    return { ok: true };
  }

  async authenticate(token: Uint8Array): Promise<AuthenticateResult> {
    const state = this.#state;
    if (state.kind === "plain") return this.#plain(token);
    if (state.kind === "scram") return this.#scram(state.exchange, token);
    this.#state = { kind: "failed" };
    return { ok: false, error: "ILLEGAL_SASL_STATE", message: "SaslAuthenticate without a SaslHandshake first, or after authentication" };
  }

  /** RFC 4616: [authzid] NUL authcid NUL passwd; an authzid other than the user is refused, as Kafka does. */
  async #plain(token: Uint8Array): Promise<AuthenticateResult> {
    // The password already crossed the network in clear; refusing it tells the client to stop sending it so.
    if (!this.encrypted) return this.#fail("PLAIN", null, PLAIN_NEEDS_TLS);
    const parts = this.#text(token)?.split("\0");
    if (parts?.length !== 3 || parts[1] === "" || (parts[0] !== "" && parts[0] !== parts[1])) {
      return this.#fail("PLAIN", null, "malformed PLAIN token");
    }
    const [, username, password] = parts as [string, string, string];
    if (!(await this.store.verifyPassword(username, password))) return this.#fail("PLAIN", username, "invalid credentials");
    return this.#succeed("PLAIN", username, new Uint8Array());
  }

  #scram(exchange: ScramServerExchange, token: Uint8Array): AuthenticateResult {
    const text = this.#text(token);
    const step = text === null ? { ok: false as const, error: "SCRAM message is not UTF-8" } : exchange.step(text);
    if (!step.ok) return this.#fail("SCRAM-SHA-256", null, step.error);
    const bytes = new TextEncoder().encode(step.value.message);
    return step.value.kind === "done" ? this.#succeed("SCRAM-SHA-256", step.value.username, bytes) : { ok: true, authBytes: bytes };
  }

  #text(token: Uint8Array): string | null {
    try {
      return decoder.decode(token);
    } catch {
      return null;
    }
  }

  #succeed(mechanism: SaslMechanism, principal: string, authBytes: Uint8Array): AuthenticateResult {
    this.#state = { kind: "authenticated", principal };
    this.logger.debug({ connection: this.connectionId, mechanism, principal }, "SASL authentication succeeded");
    return { ok: true, authBytes };
  }

  #fail(mechanism: SaslMechanism, username: string | null, reason: string): AuthenticateResult {
    this.#state = { kind: "failed" };
    this.logger.warn({ connection: this.connectionId, mechanism, username, reason }, "SASL authentication failed");
    return {
      ok: false,
      error: "SASL_AUTHENTICATION_FAILED",
      message: `Authentication failed during ${mechanism} authentication: ${reason === "invalid credentials" ? "invalid username or password" : reason}`,
    };
  }
}
