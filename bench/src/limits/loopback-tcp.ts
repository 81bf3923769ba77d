import { Worker } from "node:worker_threads";

export const LOOPBACK_CHUNK_BYTES = 256 * 1024;

/*
 * The two endpoints run as worker threads so that each has its own event loop
 * (and, on 2 cores, its own core), as a client and a broker process would.
 * They are plain JavaScript evaluated in the worker, so the probe runs the same
 * under tsx, vitest and the compiled build.
 */
const RECEIVER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createServer } = require("node:net");
const { performance } = require("node:perf_hooks");
let received = 0;
let started = 0;
const server = createServer((socket) => {
  socket.on("data", (chunk) => {
    if (received === 0) started = performance.now();
    received += chunk.byteLength;
    if (received >= workerData.bytes) {
      const seconds = (performance.now() - started) / 1000;
      socket.destroy();
      server.close();
      parentPort.postMessage({ kind: "done", bytes: received, seconds });
    }
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ kind: "listening", port: server.address().port }));
`;

const SENDER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { connect } = require("node:net");
const chunk = Buffer.alloc(workerData.chunkBytes, 0x5a);
const socket = connect({ host: "127.0.0.1", port: workerData.port, noDelay: true });
socket.on("error", () => socket.destroy());
let sent = 0;
const pump = () => {
  while (sent < workerData.bytes) {
    sent += chunk.byteLength;
    if (!socket.write(chunk)) return void socket.once("drain", pump);
  }
  socket.end();
};
socket.on("connect", pump);
`;

export interface LoopbackResult {
  readonly bytes: number;
  readonly seconds: number;
}

type ReceiverMessage = { kind: "listening"; port: number } | { kind: "done"; bytes: number; seconds: number };

/** Streams `mebibytes` over one loopback TCP connection between two worker threads. */
export async function measureLoopbackTcp(mebibytes: number): Promise<LoopbackResult> {
  const bytes = mebibytes * 1024 * 1024;
  const receiver = new Worker(RECEIVER_SOURCE, { eval: true, workerData: { bytes } });
  let sender: Worker | null = null;
  try {
    return await new Promise<LoopbackResult>((resolve, reject) => {
      receiver.once("error", reject);
      receiver.once("exit", (code) => reject(new Error(`loopback receiver exited with code ${code}`)));
      receiver.on("message", (message: ReceiverMessage) => {
        if (message.kind === "listening") {
          sender = new Worker(SENDER_SOURCE, { eval: true, workerData: { bytes, port: message.port, chunkBytes: LOOPBACK_CHUNK_BYTES } });
          sender.once("error", reject);
        } else {
          resolve({ bytes: message.bytes, seconds: message.seconds });
        }
      });
    });
  } finally {
    await Promise.all([receiver.terminate(), (sender as Worker | null)?.terminate()]);
  }
}
