import { createServer, connect, type Server, type Socket } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock, type Clock } from "../system/clock.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { CloseLog } from "./close-log.js";
import { Connection } from "./connection.js";
import type { DispatchOutcome, FrameDispatcher } from "./dispatcher.js";

const logger = pino({ level: "silent" });
let server: Server | null = null;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve())));
  server = null;
});

/** A dispatcher that answers only when told to, recording the frames it was given. */
function heldDispatcher() {
  const frames: Uint8Array[] = [];
  const answers: ((outcome: DispatchOutcome) => void)[] = [];
  const dispatcher: FrameDispatcher = {
    dispatch: (frame) => {
      frames.push(frame);
      return new Promise((resolve) => answers.push(resolve));
    },
  };
  return { dispatcher, frames, answerAll: () => answers.splice(0).forEach((answer) => answer({ kind: "silent" })) };
}

/** A loopback pair: the server side wrapped in a Connection, the client side returned. */
async function connectionPair(dispatcher: FrameDispatcher, limits: ConstructorParameters<typeof Connection>[3], clock: Clock = systemClock): Promise<Socket> {
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer((socket) => resolve(socket));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
  const address = server!.address() as { port: number };
  const client = connect(address.port, "127.0.0.1");
  client.on("error", () => undefined);
  sockets.push(client);
  const socket = await accepted;
  sockets.push(socket);
  new Connection(socket, 1, dispatcher, limits, { logger, clock }, new CloseLog(logger, clock));
  return client;
}

function frameOf(size: number): Buffer {
  const frame = Buffer.alloc(4 + size, 1);
  frame.writeInt32BE(size, 0);
  return frame;
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Connection request budget", () => {
  it("stops reading once unanswered requests reach the byte budget, and reads on as they are answered", async () => {
    const held = heldDispatcher();
    const client = await connectionPair(held.dispatcher, { maxFrameBytes: 1024 * 1024, maxInFlight: 128, maxQueuedBytes: 250_000 });
    for (let i = 0; i < 10; i++) client.write(frameOf(100_000));
    await until("the first frames", () => held.frames.length >= 2);
    // Give the socket time to deliver more: the budget, not the pace of delivery, must hold it back.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(held.frames.length).toBeLessThanOrEqual(3);
    while (held.frames.length < 10) {
      held.answerAll();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(held.frames.every((frame) => frame.byteLength === 100_000)).toBe(true);
  });

  it("reads a frame larger than the budget when nothing else is unanswered", async () => {
    const held = heldDispatcher();
    const client = await connectionPair(held.dispatcher, { maxFrameBytes: 1024 * 1024, maxInFlight: 128, maxQueuedBytes: 10_000 });
    client.write(frameOf(500_000));
    await until("the large frame", () => held.frames.length === 1);
  });
});

describe("Connection idle timeout", () => {
  it("closes a connection quiet for idleMs, counting from its last frame, but not while a request is unanswered", async () => {
    const held = heldDispatcher();
    const clock = new ManualClock();
    const client = await connectionPair(held.dispatcher, { maxFrameBytes: 1024, maxInFlight: 8, idleMs: 1_000 }, clock);
    let closed = false;
    client.on("close", () => (closed = true));
    clock.advance(600);
    client.write(frameOf(10));
    await until("the frame", () => held.frames.length === 1);
    // 1 s after the connection opened, but only 400 ms after the frame; and the frame is unanswered.
    clock.advance(400);
    clock.advance(5_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    held.answerAll();
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    clock.advance(1_001);
    await until("the idle close", () => closed);
  });

  it("counts the idle time from the client's last frame", async () => {
    const clock = new ManualClock();
    const answered: FrameDispatcher = { dispatch: () => Promise.resolve({ kind: "silent" }) };
    const client = await connectionPair(answered, { maxFrameBytes: 1024, maxInFlight: 8, idleMs: 1_000 }, clock);
    let closed = false;
    client.on("close", () => (closed = true));
    clock.advance(600);
    client.write(frameOf(10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(400);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    clock.advance(600);
    await until("the idle close", () => closed);
  });
});

describe("Connection throttling (KIP-219)", () => {
  /** A clock whose timers run only when the test fires them, without time moving: a timer that fires early. */
  function earlyClock() {
    const timers: (() => void)[] = [];
    const clock: Clock = { now: () => 1_000, schedule: (_ms, callback) => (timers.push(callback), () => timers.splice(timers.indexOf(callback) >>> 0, 1)) };
    return { clock, fire: () => timers.splice(0).forEach((timer) => timer()) };
  }

  it("reads nothing more from a throttled connection until its throttle timer fires, even early", async () => {
    const frames: Uint8Array[] = [];
    const dispatcher: FrameDispatcher = {
      dispatch: (frame, context) => {
        frames.push(frame);
        if (frames.length === 1) context.throttle?.(1_000);
        return Promise.resolve({ kind: "silent" });
      },
    };
    const { clock, fire } = earlyClock();
    const client = await connectionPair(dispatcher, { maxFrameBytes: 1024, maxInFlight: 128 }, clock);
    client.write(frameOf(10));
    await until("the first frame", () => frames.length === 1);
    client.write(frameOf(10));
    // Time for the second frame to arrive: a muted connection must not read it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(frames).toHaveLength(1);
    fire();
    await until("the second frame after the throttle", () => frames.length === 2);
  });

  it("answers the throttled request at once but holds the answers to requests pipelined behind it", async () => {
    const dispatcher: FrameDispatcher = {
      dispatch: (frame, context) => {
        if (frame[0] === 1) context.throttle?.(1_000);
        return Promise.resolve({ kind: "respond", chunks: [frame] });
      },
    };
    const { clock, fire } = earlyClock();
    const client = await connectionPair(dispatcher, { maxFrameBytes: 1024, maxInFlight: 128 }, clock);
    const answers: number[] = [];
    client.on("data", (chunk: Buffer) => answers.push(...chunk));
    const frame = (marker: number) => Buffer.from([marker, 0, 0, 0, 0, 0, 0, 0]);
    // Each request is 8 bytes after its size; its answer echoes it, so the first byte tells which request was answered.
    const framed = (marker: number) => Buffer.concat([Buffer.from([0, 0, 0, 8]), frame(marker)]);
    client.write(Buffer.concat([framed(1), framed(2)]));
    await until("the throttled request's answer", () => answers.length === 8);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answers[0]).toBe(1);
    expect(answers).toHaveLength(8);
    fire();
    await until("the held answer", () => answers.length === 16);
    expect(answers[8]).toBe(2);
  });
});
