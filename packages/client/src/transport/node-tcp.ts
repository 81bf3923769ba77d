import { connect, type Socket } from "node:net";
import { TransportConnectError, type BrokerAddress, type ConnectFailureKind, type Transport, type TransportConnector, type TransportEvents } from "./transport.js";

function classify(error: NodeJS.ErrnoException): { kind: ConnectFailureKind; detail: string } {
  switch (error.code) {
    case "ECONNREFUSED":
      return { kind: "refused", detail: "connection refused" };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { kind: "unreachable", detail: `unknown host (${error.code})` };
    default:
      return { kind: "unreachable", detail: error.message };
  }
}

class NodeTcpTransport implements Transport {
  readonly #socket: Socket;
  #closedError: Error | null = null;
  #drainWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  constructor(socket: Socket, events: TransportEvents) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => events.onData(chunk));
    socket.on("drain", () => this.#settleDrain(null));
    let closeError: Error | undefined;
    socket.on("error", (error) => {
      closeError = error;
    });
    socket.on("close", () => {
      this.#closedError = closeError ?? new Error("connection closed");
      this.#settleDrain(this.#closedError);
      events.onClose(closeError);
    });
  }

  #settleDrain(error: Error | null): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  write(chunks: readonly Uint8Array[]): Promise<void> {
    if (this.#closedError) return Promise.reject(this.#closedError);
    // Cork so a frame made of many chunks leaves in as few segments as possible.
    this.#socket.cork();
    let hasRoom = true;
    for (const chunk of chunks) hasRoom = this.#socket.write(chunk);
    this.#socket.uncork();
    if (hasRoom) return Promise.resolve();
    return new Promise((resolve, reject) => this.#drainWaiters.push({ resolve, reject }));
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** TCP via node:net, with Nagle off: pipelined small requests must not wait for delayed ACKs. */
export const nodeTcpConnector: TransportConnector = (address: BrokerAddress, events, options) =>
  new Promise((resolve, reject) => {
    const socket = connect({ host: address.host, port: address.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TransportConnectError(address, "timeout", `no connection within ${options.connectTimeoutMs} ms`));
    }, options.connectTimeoutMs);
    const onError = (error: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      const { kind, detail } = classify(error);
      reject(new TransportConnectError(address, kind, detail, { cause: error }));
    };
    socket.once("error", onError);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      socket.setNoDelay(true);
      resolve(new NodeTcpTransport(socket, events));
    });
  });
