import { Socket } from "node:net";

/** Whether something accepts TCP connections at host:port (a service this machine runs: Mosquitto, NATS, PostgreSQL). */
export function isListening(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (up: boolean): void => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true)).once("error", () => done(false));
    socket.connect(port, host);
  });
}
