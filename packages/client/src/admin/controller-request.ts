import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import { ConnectionError } from "../connection/connection-error.js";
import { systemClock, type Clock } from "../time/clock.js";
import { TransportConnectError, formatAddress, type BrokerAddress, type Transport, type TransportConnector } from "../transport/transport.js";

/** The controller's answers include the whole cluster state, which can be large. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Every controller API exists at version 0 only (messages/freshet/controller-api.ts). */
const CONTROLLER_API_VERSION = 0;
const CORRELATION_ID = 1;

export interface ControllerRequestOptions {
  /** The streaming controller's API address (its spu.json port, not a Kafka listener). */
  readonly address: BrokerAddress;
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
 * connects, sends one v0 request, reads the one answer and closes. Failures are
 * ConnectionErrors, as for brokers.
 */
export async function controllerRequest<A extends ApiDefinition>(api: A, body: RequestOf<A>, options: ControllerRequestOptions): Promise<ResponseOf<A>> {
  const { address } = options;
  const clock = options.clock ?? systemClock;
  const where = formatAddress(address);
  const decoder = new FrameDecoder({ maxFrameBytes: MAX_RESPONSE_BYTES, minFrameBytes: 4 });
  let settle: { resolve: (frame: Uint8Array) => void; reject: (error: ConnectionError) => void } | null = null;
  const answer = new Promise<Uint8Array>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The connection may drop before the answer is awaited; it is reported there.
  answer.catch(() => undefined);
  const fail = (kind: "closed" | "protocol" | "request-timeout", message: string, cause?: unknown): void =>
    settle?.reject(new ConnectionError(kind, address, message, { cause }));

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
        onClose: (error) => fail("closed", `the controller at ${where} closed the connection before answering ${api.name}`, error),
      },
      { connectTimeoutMs: options.connectTimeoutMs ?? 3_000 },
    );
  } catch (cause) {
    throw new ConnectionError("connect", address, `cannot reach the controller at ${where}: ${connectFailure(cause)}`, { cause });
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timer = clock.setTimeout(() => fail("request-timeout", `${api.name} request to the controller at ${where} timed out after ${timeoutMs} ms`), timeoutMs);
  try {
    const header = { apiKey: api.key, apiVersion: CONTROLLER_API_VERSION, correlationId: CORRELATION_ID, clientId: options.clientId ?? "freshet" };
    await transport.write(encodeRequest(api, header, body)).catch((cause: unknown) => fail("closed", `write to the controller at ${where} failed`, cause));
    const frame = await answer;
    const decoded = decodeResponse(api, CONTROLLER_API_VERSION, frame);
    if (!decoded.ok) throw new ConnectionError("protocol", address, `undecodable ${api.name} answer from the controller at ${where}: ${decoded.error.message}`);
    if (decoded.value.correlationId !== CORRELATION_ID) {
      throw new ConnectionError("protocol", address, `the controller at ${where} answered correlation id ${decoded.value.correlationId}, expected ${CORRELATION_ID}`);
    }
    return decoded.value.body;
  } finally {
    settle = null;
    clock.clearTimeout(timer);
    transport.close();
  }
}
