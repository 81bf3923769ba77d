/*
 * Captures the Produce record sets that the real clients write, as golden
 * fixtures for the record batch decoder (test-fixtures/batches/*.json):
 *
 *   cd packages/protocol && npx tsx scripts/capture-client-batches.ts
 *
 * A minimal in-process broker answers exactly what a producer needs (ApiVersions
 * v0-2 plus the v3 -> error 35 fallback of kafka.md §3.2, Metadata v4, Produce
 * v7) with hand-written bytes, so the capture does not depend on the message
 * codecs it helps to test. Every captured batch is decoded and compared with the
 * records that were fed to the client before it is written, and its codec id
 * must be the one requested (librdkafka silently skips compression otherwise).
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer, type AddressInfo, type Socket } from "node:net";
import kafkajs from "kafkajs";
import { codecFor } from "../src/compression/codecs.js";
import type { CompressionName } from "../src/compression/codec.js";
import { Reader } from "../src/io/reader.js";
import { Writer, utf8Bytes } from "../src/io/writer.js";
import { compressionOf } from "../src/records/batch-header.js";
import { decodeRecordBatch } from "../src/records/decode-batch.js";

const { Kafka, CompressionTypes, CompressionCodecs, logLevel } = kafkajs;
const TOPIC = "capture";
const FIXTURE_DIR = new URL("../test-fixtures/batches/", import.meta.url);
/** Produce 0-7 (librdkafka's gzip/snappy/lz4 probe needs 0), Fetch 4-11 and FindCoordinator 0 enable MsgVer2, zstd and lz4. */
const ADVERTISED: ReadonlyArray<readonly [key: number, min: number, max: number]> = [
  [0, 0, 7],
  [1, 4, 11],
  [3, 0, 4],
  [10, 0, 2],
  [18, 0, 2],
];

interface ExpectedRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: { key: string; value: string | null }[];
  readonly timestamp?: number;
}

interface Fixture {
  readonly client: string;
  readonly description: string;
  readonly compression: CompressionName;
  readonly batchHex: string;
  readonly records: ExpectedRecord[];
}

function writeString(writer: Writer, value: string | null): void {
  if (value === null) {
    writer.int16(-1);
    return;
  }
  const bytes = utf8Bytes(value);
  writer.int16(bytes.byteLength).bytes(bytes);
}

function readString(reader: Reader): string | null {
  const length = reader.int16();
  return length < 0 ? null : reader.utf8(length);
}

function readArray<T>(reader: Reader, item: () => T): T[] | null {
  const count = reader.int32();
  if (count < 0) return null;
  return Array.from({ length: count }, item);
}

function answerApiVersions(version: number, body: Writer): void {
  if (version > 2) {
    // v0 layout with UNSUPPORTED_VERSION: librdkafka retries with v0.
    body.int16(35).int32(1).int16(18).int16(0).int16(2);
    return;
  }
  body.int16(0).int32(ADVERTISED.length);
  for (const [key, min, max] of ADVERTISED) body.int16(key).int16(min).int16(max);
  if (version >= 1) body.int32(0);
}

function answerMetadata(reader: Reader, port: number, body: Writer): void {
  const topics = readArray(reader, () => readString(reader)) ?? [TOPIC];
  body.int32(0).int32(1).int32(0);
  writeString(body, "127.0.0.1");
  body.int32(port);
  writeString(body, null);
  writeString(body, "capture-cluster");
  body.int32(0).int32(topics.length);
  for (const topic of topics) {
    body.int16(topic === TOPIC ? 0 : 3);
    writeString(body, topic);
    body.int8(0);
    if (topic !== TOPIC) {
      body.int32(0);
      continue;
    }
    body.int32(1).int16(0).int32(0).int32(0).int32(1).int32(0).int32(1).int32(0);
  }
}

function answerProduce(reader: Reader, body: Writer, onRecordSet: (records: Uint8Array) => void): boolean {
  readString(reader);
  const acks = reader.int16();
  reader.int32();
  const topics = readArray(reader, () => ({
    name: readString(reader)!,
    partitions: readArray(reader, () => {
      const index = reader.int32();
      const size = reader.int32();
      if (size >= 0) onRecordSet(reader.bytes(size).slice());
      return index;
    })!,
  }))!;
  body.int32(topics.length);
  for (const topic of topics) {
    writeString(body, topic.name);
    body.int32(topic.partitions.length);
    for (const index of topic.partitions) body.int32(index).int16(0).int64(0n).int64(-1n).int64(0n);
  }
  body.int32(0);
  return acks !== 0;
}

async function withBroker<T>(run: (port: number, recordSets: Uint8Array[]) => Promise<T>): Promise<T> {
  const recordSets: Uint8Array[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.byteLength >= 4 && pending.byteLength >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + frame.byteLength);
        const response = handle(frame, (server.address() as AddressInfo).port, (set) => recordSets.push(set));
        if (response === null) continue;
        const framed = new Writer().int32(response.byteLength).bytes(response).toBytes();
        socket.write(framed);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await run((server.address() as AddressInfo).port, recordSets);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

function handle(frame: Uint8Array, port: number, onRecordSet: (records: Uint8Array) => void): Uint8Array | null {
  const reader = new Reader(frame);
  const apiKey = reader.int16();
  const version = reader.int16();
  const correlationId = reader.int32();
  readString(reader);
  const body = new Writer().int32(correlationId);
  if (apiKey === 18) answerApiVersions(version, body);
  else if (apiKey === 3 && version === 4) answerMetadata(reader, port, body);
  else if (apiKey === 0 && version === 7) {
    if (!answerProduce(reader, body, onRecordSet)) return null;
  } else throw new Error(`capture broker got unexpected api ${apiKey} v${version}`);
  return body.toBytes();
}

/** Compressible on purpose: librdkafka sends a batch uncompressed when compression does not shrink it. */
function payload(index: number): string {
  return `line ${String(index).padStart(2, "0")} ${"the quick brown fox jumps over the lazy dog ".repeat(5)}`.slice(0, 200);
}

async function runKcat(port: number, args: string[], input: string): Promise<void> {
  const child = spawn("kcat", ["-P", "-b", `127.0.0.1:${port}`, "-t", TOPIC, "-p", "0", "-X", "linger.ms=100", ...args], {
    stdio: ["pipe", "inherit", "inherit"],
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`kcat ${args.join(" ")} exited with ${code}`);
}

async function captureKcat(compression: CompressionName): Promise<Fixture> {
  const records: ExpectedRecord[] = Array.from({ length: 20 }, (_, index) => ({
    key: `key-${index}`,
    value: payload(index),
    headers: [
      { key: "source", value: "kcat" },
      { key: "trace", value: "abc123" },
    ],
  }));
  const input = records.map((record) => `${record.key}:${record.value}\n`).join("");
  const args = ["-z", compression, "-K", ":", "-H", "source=kcat", "-H", "trace=abc123"];
  return await withBroker(async (port, sets) => {
    await runKcat(port, args, input);
    return fixture(sets, "kcat 1.7.1 / librdkafka 2.0.2", `kcat -P ${args.join(" ")}`, compression, records);
  });
}

async function captureKcatNulls(): Promise<Fixture> {
  // -Z turns empty keys and values into NULL; lines without the delimiter have no key at all.
  const records: ExpectedRecord[] = [
    { key: null, value: "no key at all", headers: [] },
    { key: "tombstone", value: null, headers: [] },
    { key: null, value: "empty key is null with -Z", headers: [] },
  ];
  const input = "no key at all\ntombstone:\n:empty key is null with -Z\n";
  const args = ["-z", "none", "-K", ":", "-Z"];
  return await withBroker(async (port, sets) => {
    await runKcat(port, args, input);
    return fixture(sets, "kcat 1.7.1 / librdkafka 2.0.2", `kcat -P ${args.join(" ")} (null keys and values)`, "none", records);
  });
}

const KAFKAJS_TYPES = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
} as const;

function registerKafkajsCodecs(): void {
  for (const name of ["snappy", "lz4", "zstd"] as const) {
    const codec = codecFor(name);
    if (!codec.ok) throw codec.error;
    CompressionCodecs[KAFKAJS_TYPES[name]] = () => ({
      compress: async (encoder: { buffer: Buffer }) => Buffer.from(await codec.value.compress(encoder.buffer)),
      decompress: async (buffer: Buffer) => Buffer.from(await codec.value.decompress(buffer)),
    });
  }
}

async function captureKafkajs(compression: CompressionName): Promise<Fixture> {
  const baseTimestamp = 1_700_000_000_000;
  const records: ExpectedRecord[] = Array.from({ length: 20 }, (_, index) => ({
    key: index === 3 ? null : `key-${index}`,
    value: index === 7 ? null : payload(index),
    headers:
      index % 2 === 0
        ? [
            { key: "source", value: "kafkajs" },
            { key: "n", value: String(index) },
          ]
        : [],
    timestamp: baseTimestamp + index * 10,
  }));
  return await withBroker(async (port, sets) => {
    const kafka = new Kafka({ clientId: "capture", brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({
      topic: TOPIC,
      acks: 1,
      compression: KAFKAJS_TYPES[compression],
      messages: records.map((record) => ({
        partition: 0,
        key: record.key,
        value: record.value,
        timestamp: String(record.timestamp),
        headers: Object.fromEntries(record.headers.map((header) => [header.key, header.value ?? ""])),
      })),
    });
    await producer.disconnect();
    return fixture(sets, "kafkajs 2.2.4", `producer.send compression=${compression}`, compression, records);
  });
}

async function fixture(sets: Uint8Array[], client: string, description: string, compression: CompressionName, records: ExpectedRecord[]): Promise<Fixture> {
  if (sets.length !== 1) throw new Error(`${description}: expected one record set, captured ${sets.length}`);
  const batch = sets[0]!;
  const decoded = await decodeRecordBatch(batch);
  if (!decoded.ok) throw new Error(`${description}: ${decoded.error.message}`);
  const requested = codecFor(compression);
  if (!requested.ok) throw requested.error;
  const codecId = compressionOf(decoded.value.header.attributes);
  if (codecId !== requested.value.id) {
    throw new Error(`${description}: batch has codec ${codecId}, the client skipped ${compression}`);
  }
  const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString("utf8"));
  const got = decoded.value.records.map((record) => ({
    key: text(record.key),
    value: text(record.value),
    headers: record.headers.map((header) => ({ key: header.key, value: text(header.value) })),
  }));
  const want = records.map(({ key, value, headers }) => ({ key, value, headers }));
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${description}: decoded records differ from the input`);
  return { client, description, compression, batchHex: Buffer.from(batch).toString("hex"), records };
}

async function main(): Promise<void> {
  registerKafkajsCodecs();
  const fixtures: [string, Fixture][] = [];
  for (const compression of ["none", "gzip", "snappy", "lz4", "zstd"] as const) {
    fixtures.push([`kcat-${compression}.json`, await captureKcat(compression)]);
    fixtures.push([`kafkajs-${compression}.json`, await captureKafkajs(compression)]);
  }
  fixtures.push(["kcat-nulls.json", await captureKcatNulls()]);
  for (const [name, content] of fixtures) {
    await writeFile(new URL(name, FIXTURE_DIR), `${JSON.stringify(content, null, 2)}\n`);
    console.log(`${name}: ${content.batchHex.length / 2} bytes`);
  }
}

await main();
