import { createServer, type Server, type Socket } from "node:net";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";
import { peekRequestPreamble } from "@freshet/protocol/framing/codec";

export interface ReceivedRequest {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  /** The request frame without its size prefix. */
  readonly frame: Uint8Array;
}

export type RequestHandler = (request: ReceivedRequest, socket: Socket) => void;

/**
 * An in-process TCP peer speaking Kafka framing, for connection-level tests. The
 * test decides what (and when, and in which order) to answer via `onRequest`.
 */
export class FakeBroker {
  readonly received: ReceivedRequest[] = [];
  readonly sockets: Socket[] = [];
  #server: Server;
  #handler: RequestHandler;

  private constructor(server: Server, handler: RequestHandler) {
    this.#server = server;
    this.#handler = handler;
  }

  static async start(handler: RequestHandler): Promise<FakeBroker> {
    const server = createServer();
    const broker = new FakeBroker(server, handler);
    server.on("connection", (socket) => broker.#accept(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return broker;
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === "string") throw new Error("not listening");
    return address.port;
  }

  set handler(handler: RequestHandler) {
    this.#handler = handler;
  }

  #accept(socket: Socket): void {
    this.sockets.push(socket);
    socket.setNoDelay(true);
    const decoder = new FrameDecoder();
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk) => {
      const frames = decoder.push(chunk);
      if (!frames.ok) {
        socket.destroy();
        return;
      }
      for (const frame of frames.value) {
        const preamble = peekRequestPreamble(frame);
        if (!preamble.ok) {
          socket.destroy();
          return;
        }
        const request = { ...preamble.value, frame: frame.slice() };
        this.received.push(request);
        this.#handler(request, socket);
      }
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

export function writeChunks(socket: Socket, chunks: readonly Uint8Array[]): void {
  for (const chunk of chunks) socket.write(chunk);
}

/** Polls `condition` until it holds or the deadline passes (no fixed sleeps). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
