import { connect, type Socket } from "node:net";
import { FrameDecoder } from "@freshet/protocol/framing/frame-decoder";

/** A bare TCP connection for sending hand-made, possibly malformed, bytes. */
export interface RawConnection {
  send(bytes: Uint8Array | Uint8Array[]): void;
  /** Next response frame (without its size prefix). */
  nextFrame(timeoutMs?: number): Promise<Uint8Array>;
  /** Resolves when the broker closes the connection. */
  closed: Promise<void>;
  end(): void;
}

/** `localAddress` (another 127.x address) makes the broker see a different client host. */
export function openRaw(port: number, options: { localAddress?: string } = {}): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ port, host: "127.0.0.1", localAddress: options.localAddress });
    const decoder = new FrameDecoder();
    const frames: Uint8Array[] = [];
    const waiters: ((frame: Uint8Array) => void)[] = [];
    const closed = new Promise<void>((r) => socket.once("close", () => r()));
    socket.on("data", (chunk: Buffer) => {
      const framed = decoder.push(chunk);
      if (!framed.ok) return socket.destroy();
      for (const frame of framed.value) {
        const waiter = waiters.shift();
        if (waiter) waiter(frame);
        else frames.push(frame);
      }
    });
    socket.on("error", () => undefined);
    socket.once("connect", () =>
      resolve({
        send: (bytes) => {
          for (const b of Array.isArray(bytes) ? bytes : [bytes]) socket.write(b);
        },
        nextFrame: (timeoutMs = 5000) =>
          new Promise((res, rej) => {
            const ready = frames.shift();
            if (ready) return res(ready);
            const timer = setTimeout(() => rej(new Error("no response frame")), timeoutMs);
            waiters.push((f) => {
              clearTimeout(timer);
              res(f);
            });
          }),
        closed,
        end: () => socket.end(),
      }),
    );
    socket.once("error", reject);
  });
}
