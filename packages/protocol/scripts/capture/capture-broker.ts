import { createServer, type Socket } from "node:net";
import { peekRequestPreamble } from "../../src/framing/codec.js";
import { FrameDecoder } from "../../src/framing/frame-decoder.js";
import { respond, type CaptureBrokerState } from "./responders.js";

export interface CapturedFrame {
  readonly scenario: string;
  readonly apiKey: number;
  readonly apiVersion: number;
  /** The request frame without its size prefix, as decodeRequest takes it. */
  readonly hex: string;
}

export interface CaptureBroker {
  readonly port: number;
  /** Label attached to the frames received from now on. */
  scenario: string;
  readonly frames: CapturedFrame[];
  /** Requests the broker could not answer; a capture with errors is not trustworthy. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Frames kept per (scenario, api key, version): enough to pin the layout, not a log of polling. */
const FRAMES_KEPT_PER_REQUEST_KIND = 2;

export async function startCaptureBroker(host = "127.0.0.1"): Promise<CaptureBroker> {
  const state: CaptureBrokerState = { host, port: 0, topics: new Map([["t", 1]]), nextOffset: 0n };
  const sockets = new Set<Socket>();
  const frames: CapturedFrame[] = [];
  const errors: string[] = [];
  const broker = { scenario: "", frames, errors, port: 0, close };

  function record(frame: Uint8Array, apiKey: number, apiVersion: number): void {
    const same = frames.filter((f) => f.scenario === broker.scenario && f.apiKey === apiKey && f.apiVersion === apiVersion);
    if (same.length >= FRAMES_KEPT_PER_REQUEST_KIND) return;
    frames.push({ scenario: broker.scenario, apiKey, apiVersion, hex: Buffer.from(frame).toString("hex") });
  }

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const decoder = new FrameDecoder();
    socket.on("data", (chunk: Buffer) => {
      const pushed = decoder.push(chunk);
      if (!pushed.ok) return socket.destroy();
      for (const frame of pushed.value) {
        const preamble = peekRequestPreamble(frame);
        if (!preamble.ok) return socket.destroy();
        const { apiKey, apiVersion } = preamble.value;
        record(frame, apiKey, apiVersion);
        try {
          for (const part of respond(state, apiKey, frame) ?? []) socket.write(part);
        } catch (cause) {
          errors.push(`${broker.scenario}: api ${apiKey} v${apiVersion}: ${String(cause)}`);
          return socket.destroy();
        }
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("capture broker has no TCP address");
  state.port = address.port;
  broker.port = address.port;

  async function close(): Promise<void> {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return broker;
}
