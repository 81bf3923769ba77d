import { createConnection, type Socket } from "node:net";
import { authenticateToController } from "@freshet/client/admin/controller-auth";
import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import { ControllerRequestError, controllerError, controllerErrorFromCode } from "../controller/controller-error.js";
import type { Clock } from "../system/clock.js";

/** Controller answers are small but a whole cluster state can be large. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

interface Pending {
  readonly api: ApiDefinition;
  readonly resolve: (body: unknown) => void;
  readonly reject: (error: ControllerRequestError) => void;
  readonly cancelTimer: () => void;
}

function unavailable(message: string, cause?: unknown): ControllerRequestError {
  return new ControllerRequestError(controllerError("NOT_CONTROLLER", message), { cause });
}

/**
 * One TCP connection to the controller. Requests are pipelined and answers are
 * matched to them by correlation id. Any failure (a timeout, an undecodable
 * answer, the socket closing) ends the connection and fails every request on it:
 * after a lost answer the stream cannot be trusted, and the caller reconnects.
 */
export class ControllerConnection {
  readonly #pending = new Map<number, Pending>();
  readonly #decoder = new FrameDecoder({ maxFrameBytes: MAX_RESPONSE_BYTES, minFrameBytes: 4 });
  #nextCorrelationId = 1;
  #closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly clientId: string,
    private readonly clock: Clock,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => this.#fail(unavailable("the connection to the controller closed")));
  }

  /** Connects and authenticates with the cluster's controller secret; a connection is handed out only once both ends proved it. */
  static async connect(address: { host: string; port: number }, options: { clientId: string; timeoutMs: number; secret: Uint8Array }, clock: Clock): Promise<ControllerConnection> {
    const connection = await ControllerConnection.#open(address, options, clock);
    const authenticated = await authenticateToController((api, body) => connection.request(api, body, options.timeoutMs), options.secret).catch((cause: unknown) => {
      connection.close();
      throw cause;
    });
    if (!authenticated.ok) {
      connection.close();
      const { errorCode, message } = authenticated.error;
      throw new ControllerRequestError(controllerErrorFromCode(errorCode, `the controller at ${address.host}:${address.port} refused this process: ${message}`));
    }
    return connection;
  }

  static #open(address: { host: string; port: number }, options: { clientId: string; timeoutMs: number }, clock: Clock): Promise<ControllerConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: address.host, port: address.port });
      const cancelTimer = clock.schedule(options.timeoutMs, () => {
        socket.destroy();
        reject(unavailable(`connecting to the controller at ${address.host}:${address.port} timed out`));
      });
      socket.once("error", (cause) => {
        cancelTimer();
        reject(unavailable(`cannot reach the controller at ${address.host}:${address.port}: ${cause.message}`, cause));
      });
      socket.once("connect", () => {
        cancelTimer();
        socket.removeAllListeners("error");
        resolve(new ControllerConnection(socket, options.clientId, clock));
      });
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  request<A extends ApiDefinition>(api: A, body: RequestOf<A>, timeoutMs: number): Promise<ResponseOf<A>> {
    if (this.#closed) return Promise.reject(unavailable("the connection to the controller is closed"));
    const correlationId = this.#nextCorrelationId;
    this.#nextCorrelationId = this.#nextCorrelationId === 0x7fffffff ? 1 : this.#nextCorrelationId + 1;
    return new Promise<ResponseOf<A>>((resolve, reject) => {
      const cancelTimer = this.clock.schedule(timeoutMs, () => {
        this.#fail(new ControllerRequestError(controllerError("REQUEST_TIMED_OUT", `${api.name} got no answer within ${timeoutMs} ms`)));
      });
      this.#pending.set(correlationId, { api, resolve: resolve as (body: unknown) => void, reject, cancelTimer });
      // The controller API is not negotiated: controller and SPUs run one build, so each API goes at its highest version.
      const chunks = encodeRequest(api, { apiKey: api.key, apiVersion: api.maxVersion, correlationId, clientId: this.clientId }, body);
      this.socket.cork();
      for (const chunk of chunks) this.socket.write(chunk);
      this.socket.uncork();
    });
  }

  /** Ends the connection; requests still waiting fail as NOT_CONTROLLER. Safe to call twice. */
  close(): void {
    this.#fail(unavailable("the connection to the controller was closed"));
  }

  #onData(chunk: Buffer): void {
    const framed = this.#decoder.push(chunk);
    if (!framed.ok) return this.#fail(unavailable(`the controller sent a bad frame: ${framed.error.message}`));
    for (const frame of framed.value) {
      const correlationId = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getInt32(0);
      const pending = this.#pending.get(correlationId);
      if (pending === undefined) return this.#fail(unavailable(`the controller answered unknown correlation id ${correlationId}`));
      const decoded = decodeResponse(pending.api, pending.api.maxVersion, frame);
      if (!decoded.ok) return this.#fail(unavailable(`the controller's ${pending.api.name} answer is malformed: ${decoded.error.message}`));
      this.#pending.delete(correlationId);
      pending.cancelTimer();
      pending.resolve(decoded.value.body);
    }
  }

  #fail(error: ControllerRequestError): void {
    this.#closed = true;
    this.socket.destroy();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      p.cancelTimer();
      p.reject(error);
    }
  }
}
