import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { ConnectionError } from "../connection/connection-error.js";
import { authenticateToController } from "./controller-auth.js";
import { systemClock, type Clock } from "../time/clock.js";
import { TransportConnectError, formatAddress, type BrokerAddress, type Transport, type TransportConnector } from "../transport/transport.js";

/** The controller's answers include the whole cluster state, which can be large. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Every controller API exists at version 0 only (messages/freshet/controller-api.ts). */
const CONTROLLER_API_VERSION = 0;

export interface ControllerRequestOptions {
  /** The streaming controller's API address (its spu.json port, not a Kafka listener). */
  readonly address: BrokerAddress;
  /** The cluster's controller secret (controller-secret.ts): the controller serves nobody who cannot prove it. */
  readonly secret: Uint8Array;
  readonly connector: TransportConnector;
  readonly clientId?: string;
  readonly connectTimeoutMs?: number;
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

function connectFailure(cause: unknown): string {
  if (!(cause instanceof TransportConnectError)) return String(cause);
  if (cause.kind === "refused") return "connection refused";
  if (cause.kind === "timeout") return "no answer to the connection attempt";
  return (cause.cause as Error | undefined)?.message ?? cause.kind;
}

/**
 * One request to a Freshet streaming controller (SC). The controller frames like
 * Kafka but serves only its own APIs (keys 1000+), not ApiVersions, so a
 * BrokerConnection, which negotiates versions first, cannot talk to it: this
 * connects, authenticates with the controller secret, sends one v0 request, reads
 * the answer and closes. Failures to talk are ConnectionErrors, as for brokers; a
 * refused secret is a KafkaProtocolError (SASL_AUTHENTICATION_FAILED).
 */
export async function controllerRequest<A extends ApiDefinition>(api: A, body: RequestOf<A>, options: ControllerRequestOptions): Promise<ResponseOf<A>> {
  const { address } = options;
  const clock = options.clock ?? systemClock;
  const where = formatAddress(address);
  const decoder = new FrameDecoder({ maxFrameBytes: MAX_RESPONSE_BYTES, minFrameBytes: 4 });
  // Requests go one at a time: each waits for its answer before the next is sent.
  let settle: { resolve: (frame: Uint8Array) => void; reject: (error: ConnectionError) => void } | null = null;
  let failure: ConnectionError | null = null;
  let waitingFor = api.name;
  const fail = (kind: "closed" | "protocol" | "request-timeout", message: string, cause?: unknown): void => {
    failure ??= new ConnectionError(kind, address, message, { cause });
    settle?.reject(failure);
  };

  let transport: Transport;
  try {
    transport = await options.connector(
      address,
      {
        onData(chunk) {
          const frames = decoder.push(chunk);
          if (!frames.ok) return fail("protocol", `bad frame from the controller at ${where}: ${frames.error.message}`);
          const frame = frames.value[0];
          if (frame !== undefined) settle?.resolve(frame);
        },
        onClose: (error) => fail("closed", `the controller at ${where} closed the connection before answering ${waitingFor}`, error),
      },
      { connectTimeoutMs: options.connectTimeoutMs ?? 3_000 },
    );
  } catch (cause) {
    throw new ConnectionError("connect", address, `cannot reach the controller at ${where}: ${connectFailure(cause)}`, { cause });
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timer = clock.setTimeout(() => fail("request-timeout", `${api.name} request to the controller at ${where} timed out after ${timeoutMs} ms`), timeoutMs);
  let correlationId = 0;
  const call = async <B extends ApiDefinition>(sent: B, sentBody: RequestOf<B>): Promise<ResponseOf<B>> => {
    if (failure !== null) throw failure;
    correlationId++;
    waitingFor = sent.name;
    const answer = new Promise<Uint8Array>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // The connection may drop before the answer is awaited; it is reported there.
    answer.catch(() => undefined);
    const header = { apiKey: sent.key, apiVersion: CONTROLLER_API_VERSION, correlationId, clientId: options.clientId ?? "freshet" };
    await transport.write(encodeRequest(sent, header, sentBody)).catch((cause: unknown) => fail("closed", `write to the controller at ${where} failed`, cause));
    const frame = await answer;
    settle = null;
    const decoded = decodeResponse(sent, CONTROLLER_API_VERSION, frame);
    if (!decoded.ok) throw new ConnectionError("protocol", address, `undecodable ${sent.name} answer from the controller at ${where}: ${decoded.error.message}`);
    if (decoded.value.correlationId !== correlationId) {
      throw new ConnectionError("protocol", address, `the controller at ${where} answered correlation id ${decoded.value.correlationId}, expected ${correlationId}`);
    }
    return decoded.value.body;
  };
  try {
    const authenticated = await authenticateToController(call, options.secret);
    if (!authenticated.ok) throw new KafkaProtocolError(authenticated.error.errorCode, `the controller at ${where} refused this client (${authenticated.error.message})`);
    return await call(api, body);
  } finally {
    settle = null;
    clock.clearTimeout(timer);
    transport.close();
  }
}
