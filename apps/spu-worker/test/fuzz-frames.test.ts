/*
 * Mutated real frames against the real broker process, bounded in count and time:
 * requests captured from kcat and kafkajs (packages/protocol/test-fixtures) are
 * mutated by fast-check and sent on fresh connections, while a well-behaved
 * kafkajs producer and consumer work on the side. The broker must not crash, its
 * memory must stay bounded, its log must not flood, and the bystander must lose nothing.
 */
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rssBytes } from "./support/process-memory.js";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../../../packages/protocol/test-fixtures");
/** Requests that delete what the bystander relies on are left out of the seeds. */
const DESTRUCTIVE_API_KEYS = new Set([20, 21, 37, 42]);
const FUZZ_TIME_MS = 12_000;
const MAX_RUNS = 3_000;

interface CapturedFrame {
  readonly apiKey: number;
  readonly hex: string;
}

function seeds(): Uint8Array[] {
  return ["kcat-requests.json", "kafkajs-requests.json"].flatMap((file) => {
    const captured = JSON.parse(readFileSync(resolve(FIXTURES, file), "utf8")) as { frames: CapturedFrame[] };
    return captured.frames.filter((frame) => !DESTRUCTIVE_API_KEYS.has(frame.apiKey)).map((frame) => Buffer.from(frame.hex, "hex"));
  });
}

type Mutation =
  | { readonly kind: "flip"; readonly at: number; readonly value: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "insert"; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: "int32"; readonly at: number; readonly value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  // Length and count fields are where decoders are trusted too much.
  fc.record({ kind: fc.constant("int32" as const), at: fc.nat(), value: fc.constantFrom(-1, 0, 1, 0x7fffffff, -0x80000000, 0xffff, 1 << 20) }),
);

function mutate(seed: Uint8Array, mutations: readonly Mutation[]): Buffer {
  let frame = Buffer.from(seed);
  for (const m of mutations) {
    const at = frame.length === 0 ? 0 : m.at % frame.length;
    if (m.kind === "flip" && frame.length > 0) frame[at] = m.value;
    if (m.kind === "truncate") frame = frame.subarray(0, at);
    if (m.kind === "insert") frame = Buffer.concat([frame.subarray(0, at), m.bytes, frame.subarray(at)]);
    if (m.kind === "int32" && frame.length >= at + 4) frame.writeInt32BE(m.value, at);
  }
  return frame;
}

function sizePrefixed(body: Buffer, lie: number | null): Buffer {
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(lie ?? body.length, 0);
  body.copy(out, 4);
  return out;
}

/** Sends the frames on a fresh connection, half-closes it, and waits (briefly) for the broker to finish with it. */
function sendOnce(port: number, bytes: Buffer): Promise<void> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    const timer = setTimeout(() => socket.destroy(), 500);
    socket.on("error", () => undefined);
    socket.on("data", () => undefined);
    socket.once("close", () => {
      clearTimeout(timer);
      done();
    });
    socket.once("connect", () => socket.end(bytes));
  });
}

let spu: SpuProcess;

beforeAll(async () => {
  spu = await startSpu();
});

afterAll(async () => {
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

describe("mutated client frames", () => {
  it("never crash the broker, keep its memory and log bounded, and cost a concurrent client nothing", async () => {
    const kafka = new Kafka({ clientId: "bystander", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "bystander", numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const received: string[] = [];
    const consumer = kafka.consumer({ groupId: "bystander-group", maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: "bystander", fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value!.toString()) });

    const sent: string[] = [];
    let fuzzing = true;
    const bystander = (async () => {
      for (let i = 0; fuzzing; i++) {
        const value = `m${i}`;
        await producer.send({ topic: "bystander", acks: -1, messages: [{ key: String(i % 7), value }] });
        sent.push(value);
      }
    })();

    const pid = spu.child.pid!;
    const rssBefore = await rssBytes(pid);
    const corpus = seeds();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ seed: fc.nat({ max: corpus.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }), lie: fc.option(fc.integer({ min: -8, max: 1 << 16 }), { freq: 8 }) }),
          { minLength: 1, maxLength: 4 },
        ),
        async (frames) => {
          runs++;
          const bytes = Buffer.concat(frames.map((f) => sizePrefixed(mutate(corpus[f.seed]!, f.mutations), f.lie)));
          await sendOnce(spu.port, bytes);
          expect(spu.child.exitCode).toBeNull();
        },
      ),
      { numRuns: MAX_RUNS, interruptAfterTimeLimit: FUZZ_TIME_MS, markInterruptAsFailure: false, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    fuzzing = false;
    await bystander;
    await producer.disconnect();
    await eventually("the bystander's records", () => (received.length >= sent.length ? true : undefined), 30_000);
    await consumer.disconnect();

    expect(spu.child.exitCode).toBeNull();
    expect(runs).toBeGreaterThan(100);
    const grown = (await rssBytes(pid)) - rssBefore;
    expect(grown).toBeLessThan(150 * 1024 * 1024);
    // Per key (one partition each) order holds; overall, nothing lost or doubled.
    expect([...received].sort()).toEqual([...sent].sort());
    const closeLines = spu
      .output()
      .split("\n")
      .filter((line) => line.includes('"msg":"closing connection"')).length;
    expect(closeLines).toBeLessThan(runs);
    expect(closeLines).toBeLessThanOrEqual(20 * Math.ceil((FUZZ_TIME_MS + 30_000) / 10_000));
    process.stdout.write(
      `fuzz: ${runs} connections of mutated frames, broker RSS ${Math.round(rssBefore / 2 ** 20)} → +${Math.round(grown / 2 ** 20)} MiB, bystander ${sent.length} records, ${closeLines} close lines\n`,
    );
  }, 120_000);
});
