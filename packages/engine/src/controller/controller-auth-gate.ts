import { decodeRequest, encodeResponse, peekRequestPreamble } from "@freshet/protocol/framing/codec";
import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import type { ApiDefinition } from "@freshet/protocol/messages/define";
import { CONTROLLER_APIS, controllerAuthBegin, controllerAuthProve } from "@freshet/protocol/messages/freshet/controller-api";
import { controllerClientProof, controllerNonce, controllerServerProof, sameProof } from "@freshet/protocol/messages/freshet/controller-auth-proof";
import type { Dispatcher, DispatchOutcome, FrameDispatcher } from "../server/dispatcher.js";
import type { RequestContext } from "../server/handler.js";

/** Nonces shorter than this give a replayable proof; longer ones only cost memory. */
const MIN_CLIENT_NONCE_BYTES = 16;
const MAX_CLIENT_NONCE_BYTES = 64;

const NOT_AUTHENTICATED = "the controller serves only members of its cluster: authenticate with the cluster's controller secret (ControllerAuthBegin, ControllerAuthProve) first";

/**
 * Admission for one controller connection: until the client has proved it holds
 * the cluster's controller secret (controller-api.ts, ControllerAuthBegin/Prove),
 * nothing is served. Any other request gets its own API's answer carrying
 * CLUSTER_AUTHORIZATION_FAILED and a plain sentence, then the connection closes;
 * so does a wrong proof (SASL_AUTHENTICATION_FAILED). Steps run in arrival order,
 * so a request pipelined behind a proof is admitted only if the proof was right.
 */
export class ControllerAuthGate implements FrameDispatcher {
  #clientNonce: Uint8Array | null = null;
  #serverNonce: Uint8Array | null = null;
  #authenticated = false;
  #steps: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly secret: Uint8Array,
  ) {}

  dispatch(frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome> {
    if (this.#authenticated) return this.dispatcher.dispatch(frame, context);
    const step = this.#steps.then(() => this.#admit(frame, context));
    this.#steps = step;
    return step;
  }

  async #admit(frame: Uint8Array, context: Omit<RequestContext, "header">): Promise<DispatchOutcome> {
    if (this.#authenticated) return this.dispatcher.dispatch(frame, context);
    const preamble = peekRequestPreamble(frame);
    if (!preamble.ok) return { kind: "close", reason: preamble.error.message };
    const { apiKey, apiVersion, correlationId } = preamble.value;
    const api = CONTROLLER_APIS.find((candidate) => candidate.key === apiKey);
    if (api === undefined || apiVersion !== 0) return { kind: "close", reason: `api key ${apiKey} v${apiVersion} before controller authentication` };
    if (api === controllerAuthBegin && this.#serverNonce === null) return this.#begin(frame, correlationId);
    if (api === controllerAuthProve && this.#serverNonce !== null) return this.#prove(frame, correlationId);
    return refuse(api, correlationId, "CLUSTER_AUTHORIZATION_FAILED", NOT_AUTHENTICATED, `${api.name} before controller authentication`);
  }

  #begin(frame: Uint8Array, correlationId: number): DispatchOutcome {
    const decoded = decodeRequest(controllerAuthBegin, frame);
    if (!decoded.ok) return { kind: "close", reason: `malformed ControllerAuthBegin: ${decoded.error.message}` };
    const { clientNonce } = decoded.value.body;
    if (clientNonce.length < MIN_CLIENT_NONCE_BYTES || clientNonce.length > MAX_CLIENT_NONCE_BYTES) {
      const message = `the client nonce must be ${MIN_CLIENT_NONCE_BYTES} to ${MAX_CLIENT_NONCE_BYTES} bytes, got ${clientNonce.length}`;
      return refuse(controllerAuthBegin, correlationId, "INVALID_REQUEST", message, message);
    }
    // The decoded body is a view into the frame; keep a copy.
    this.#clientNonce = clientNonce.slice();
    this.#serverNonce = controllerNonce();
    const body = { errorCode: 0, errorMessage: null, serverNonce: this.#serverNonce };
    return { kind: "respond", chunks: encodeResponse(controllerAuthBegin, 0, correlationId, body) };
  }

  async #prove(frame: Uint8Array, correlationId: number): Promise<DispatchOutcome> {
    const decoded = decodeRequest(controllerAuthProve, frame);
    if (!decoded.ok) return { kind: "close", reason: `malformed ControllerAuthProve: ${decoded.error.message}` };
    const clientNonce = this.#clientNonce!;
    const serverNonce = this.#serverNonce!;
    const expected = await controllerClientProof(this.secret, clientNonce, serverNonce);
    if (!sameProof(expected, decoded.value.body.clientProof)) {
      const message = "wrong controller secret: this process does not belong to the controller's cluster";
      return refuse(controllerAuthProve, correlationId, "SASL_AUTHENTICATION_FAILED", message, "controller authentication failed (wrong secret)");
    }
    this.#authenticated = true;
    const body = { errorCode: 0, errorMessage: null, serverProof: await controllerServerProof(this.secret, clientNonce, serverNonce) };
    return { kind: "respond", chunks: encodeResponse(controllerAuthProve, 0, correlationId, body) };
  }
}

/** `api`'s answer with nothing but the error, sent before the connection closes. */
function refuse(api: ApiDefinition, correlationId: number, error: ErrorName, message: string, reason: string): DispatchOutcome {
  const body = { ...(api.response.empty as object), errorCode: errorCode(error), errorMessage: message };
  return { kind: "respond-and-close", chunks: encodeResponse(api, 0, correlationId, body), reason };
}
