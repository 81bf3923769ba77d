import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createClient, type FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { SmartConsumeError, type SmartChainStep, type SmartConsumed } from "@freshet/client/consumer/smart-consume";
import { errorName } from "@freshet/protocol/errors/error-codes";
import { smartFetch, type SmartFetchRequest, type SmartFetchResponse } from "@freshet/protocol/messages/freshet/smart-fetch";
import { unpackRecords } from "@freshet/smartmodule/packed/packed-reader";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { CompressionTypes, Kafka, logLevel, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startSpu, removeDataDir, type SpuProcess } from "./support/spu-process.js";

const modulePath = (relative: string) => fileURLToPath(new URL(`../../../packages/smartmodule/${relative}`, import.meta.url));
const MODULES = {
  "json-filter": "examples/json-filter/src/index.ts",
  "running-sum": "examples/running-sum/src/index.ts",
  "infinite-loop": "test-fixtures/hostile/infinite-loop.ts",
  "memory-bomb": "test-fixtures/hostile/memory-bomb.ts",
  trap: "test-fixtures/hostile/trap.ts",
} as const;
// Generous enough that the well-behaved consumers on this broker never hit it on a loaded 2-core CI machine.
const SM_TIMEOUT_MS = 1000;
const SM_MEMORY_MB = 32;
const NOT_JSON = "SyntaxError: JSON.parse: unexpected keyword at line 1 column 1 of the JSON data";
const portugal: SmartChainStep[] = [{ module: "json-filter", params: { field: "user.country", value: "PT" } }];

let spu: SpuProcess;
let client: FreshetClient;
let producer: Producer;

beforeAll(async () => {
  spu = await startSpu({ args: ["--sm-timeout-ms", String(SM_TIMEOUT_MS), "--sm-memory-mb", String(SM_MEMORY_MB), "--log-level", "warn"] });
  client = createClient({ bootstrap: spu.bootstrap, clientId: "smart-consume" });
  for (const [name, path] of Object.entries(MODULES)) {
    const { wasm } = await buildSmartModule(modulePath(path));
    await client.admin.loadSmartModule(name, "0.1.0", wasm);
  }
  producer = new Kafka({ clientId: "smart-consume", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
}, 180_000);

afterAll(async () => {
  await producer?.disconnect();
  await client?.close();
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

/** A record or an error as one comparable line: `p/offset key value [headers]` or `p/offset ! module: message`. */
function line(item: SmartConsumed): string {
  if (item.kind === "record-error") return `${item.error.partition}/${item.error.offset} ! ${item.error.module}: ${item.error.message}`;
  return recordLine(item.record);
}

function recordLine(r: ConsumedRecord): string {
  const text = (bytes: Uint8Array | null) => (bytes === null ? "-" : Buffer.from(bytes).toString());
  const headers = r.headers.map((h) => `${h.key}=${text(h.value)}`).join(",");
  return `${r.partition}/${r.offset} ${text(r.key)} ${text(r.value)}${headers === "" ? "" : ` [${headers}]`}`;
}

async function readAll(iterator: AsyncIterable<SmartConsumed>): Promise<string[]> {
  const lines: string[] = [];
  for await (const item of iterator) lines.push(line(item));
  return lines;
}

const order = (name: string, country: string | null, amount: number) => JSON.stringify({ user: country === null ? { name } : { name, country }, amount });

describe("consume through a broker-side SmartModule chain", () => {
  beforeAll(async () => {
    await client.admin.createTopics([
      { name: "orders", partitions: 1 },
      { name: "regions", partitions: 2 },
    ]);
    // A gzip batch and a plain one: the broker decompresses stored batches before the chain sees them.
    await producer.send({
      topic: "orders",
      compression: CompressionTypes.GZIP,
      messages: [
        { value: order("ana", "PT", 12), timestamp: "1700000000000" },
        { value: order("bo", "SE", 7), timestamp: "1700000000001" },
        { key: "order-3", value: order("cy", "PT", 30), timestamp: "1700000000002", headers: { source: "web" } },
      ],
    });
    await producer.send({
      topic: "orders",
      messages: [
        { value: order("di", null, 1), timestamp: "1700000000003" },
        { value: "not an object", timestamp: "1700000000004" },
        { value: order("ed", "PT", 5), timestamp: "1700000000005" },
      ],
    });
  });

  it("yields exactly the kept records with their source offsets, key, timestamp and headers, and the record errors in order", async () => {
    const items: SmartConsumed[] = [];
    for await (const item of client.smartConsume({ topic: "orders", chain: portugal, start: { kind: "beginning" }, exitAtEnd: true })) items.push(item);
    expect(items.map(line)).toEqual([`0/0 - ${order("ana", "PT", 12)}`, `0/2 order-3 ${order("cy", "PT", 30)} [source=web]`, `0/4 ! json-filter: ${NOT_JSON}`, `0/5 - ${order("ed", "PT", 5)}`]);
    expect(items.flatMap((i) => (i.kind === "record" ? [i.record.timestamp] : []))).toEqual([1700000000000, 1700000000002, 1700000000005]);
  });

  it("starts at an offset inside a stored batch without repeating the records before it", async () => {
    const lines = await readAll(client.smartConsume({ topic: "orders", chain: portugal, start: { kind: "offset", offset: 1 }, exitAtEnd: true, maxBytes: 1 }));
    expect(lines).toEqual([`0/2 order-3 ${order("cy", "PT", 30)} [source=web]`, `0/4 ! json-filter: ${NOT_JSON}`, `0/5 - ${order("ed", "PT", 5)}`]);
  });

  it("reads every partition of a topic, each through its own session", async () => {
    for (const partition of [0, 1]) {
      await producer.send({ topic: "regions", messages: [0, 1, 2, 3].map((i) => ({ partition, value: order(`p${partition}-${i}`, i % 2 === 0 ? "PT" : "SE", i) })) });
    }
    const lines = await readAll(client.smartConsume({ topic: "regions", chain: portugal, start: { kind: "beginning" }, exitAtEnd: true }));
    expect(lines.sort()).toEqual([`0/0 - ${order("p0-0", "PT", 0)}`, `0/2 - ${order("p0-2", "PT", 2)}`, `1/0 - ${order("p1-0", "PT", 0)}`, `1/2 - ${order("p1-2", "PT", 2)}`]);
  });

  it("streams an aggregate's running result, its accumulator carried from one request to the next", async () => {
    // maxBytes 1: every SmartFetch reads one stored batch, so the totals cross requests.
    const lines = await readAll(
      client.smartConsume({ topic: "orders", chain: [{ module: "running-sum@0.1.0", params: { field: "amount" } }], start: { kind: "beginning" }, exitAtEnd: true, maxBytes: 1 }),
    );
    expect(lines).toEqual([
      '0/0 - {"count":1,"sum":12}',
      '0/1 - {"count":2,"sum":19}',
      '0/2 order-3 {"count":3,"sum":49}',
      '0/3 - {"count":4,"sum":50}',
      `0/4 ! running-sum@0.1.0: ${NOT_JSON}`,
      '0/5 - {"count":5,"sum":55}',
    ]);
  });

  it.each([
    ["a missing parameter", [{ module: "json-filter", params: { field: "user.country" } }], "INVALID_CONFIG", "parameter 'value' is required by SmartModule 'json-filter' (the value to keep)"],
    ["an unknown module", [{ module: "no-such-module@1.0.0" }], "RESOURCE_NOT_FOUND", "SmartModule 'no-such-module@1.0.0': no SmartModule no-such-module@1.0.0 is loaded"],
  ])("refuses a chain with %s when reading starts, with the broker's message", async (_, chain, errorName, message) => {
    const error = await readAll(client.smartConsume({ topic: "orders", chain, start: { kind: "beginning" } })).then(
      () => null,
      (cause: unknown) => cause,
    );
    expect(error).toBeInstanceOf(SmartConsumeError);
    expect([(error as SmartConsumeError).errorName, (error as SmartConsumeError).message]).toEqual([errorName, message]);
  });
});

describe("SmartFetch sessions on the wire", () => {
  const runningSum = [{ module: "running-sum", params: [{ name: "field", value: "amount" }] }];
  const request = (fields: Partial<SmartFetchRequest>): SmartFetchRequest => ({
    sessionId: 0,
    topic: "orders",
    partition: 0,
    fetchOffset: 0n,
    // One stored batch per request: `orders` holds batches 0-2 and 3-5.
    maxBytes: 1,
    maxWaitMs: 0,
    chain: runningSum,
    accumulators: null,
    ...fields,
  });
  const outcome = (r: SmartFetchResponse) => ({
    error: errorName(r.errorCode),
    next: Number(r.nextOffset),
    values: unpackRecords(r.records).map((record) => `${record.offset}:${Buffer.from(record.value!).toString()}`),
    errors: r.recordErrors.map((e) => Number(e.offset)),
  });
  const secondBatch = { error: "NONE", next: 6, values: ['3:{"count":4,"sum":50}', '5:{"count":5,"sum":55}'], errors: [4] };

  it("keeps the chain's state in the session, resumes it elsewhere from accumulators, and ends it with any error", async () => {
    const first = await client.cluster.connectionTo(0, client.cluster.newLane("fetch"));
    const second = await client.cluster.connectionTo(0, client.cluster.newLane("fetch"));
    const opened = await first.request(smartFetch, request({}));
    expect(outcome(opened)).toEqual({ error: "NONE", next: 3, values: ['0:{"count":1,"sum":12}', '1:{"count":2,"sum":19}', '2:{"count":3,"sum":49}'], errors: [] });
    const sessionId = opened.sessionId;
    expect(sessionId).toBeGreaterThan(0);

    // The session belongs to its connection.
    expect(outcome(await second.request(smartFetch, request({ sessionId, fetchOffset: 3n, chain: [] }))).error).toBe("FETCH_SESSION_ID_NOT_FOUND");
    // On its connection it carries the totals on; elsewhere a new session resumes them from the accumulators.
    const resumed = await second.request(smartFetch, request({ fetchOffset: 3n, accumulators: opened.accumulators }));
    expect(outcome(resumed)).toEqual(secondBatch);
    const continued = await first.request(smartFetch, request({ sessionId, fetchOffset: 3n, chain: [] }));
    expect(outcome(continued)).toEqual(secondBatch);
    expect(continued.accumulators).toEqual(resumed.accumulators);

    // Nothing more to read: an empty answer at the end, and the session stays.
    expect(outcome(await first.request(smartFetch, request({ sessionId, fetchOffset: 6n, chain: [] })))).toEqual({ error: "NONE", next: 6, values: [], errors: [] });
    expect(outcome(await first.request(smartFetch, request({ sessionId, fetchOffset: 99n, chain: [] }))).error).toBe("OFFSET_OUT_OF_RANGE");
    expect(outcome(await first.request(smartFetch, request({ sessionId, fetchOffset: 6n, chain: [] }))).error).toBe("FETCH_SESSION_ID_NOT_FOUND");
  });

  it("ends a session asked for another offset than where its chain stands, rather than run its state twice over records", async () => {
    const connection = await client.cluster.connectionTo(0, client.cluster.newLane("fetch"));
    const opened = await connection.request(smartFetch, request({}));
    expect(outcome(opened).next).toBe(3);
    // The broker runs the chain on from offset 3 while the answer travels; asking for 0 again would count 0-2 twice.
    const rewound = await connection.request(smartFetch, request({ sessionId: opened.sessionId, fetchOffset: 0n, chain: [] }));
    expect([errorName(rewound.errorCode), rewound.errorMessage, rewound.sessionId]).toEqual([
      "FETCH_SESSION_ID_NOT_FOUND",
      `SmartFetch session ${opened.sessionId} of orders/0 continues at offset 3, not 0; open a new session to read from elsewhere`,
      0,
    ]);
    expect(outcome(await connection.request(smartFetch, request({ sessionId: opened.sessionId, fetchOffset: 3n, chain: [] }))).error).toBe("FETCH_SESSION_ID_NOT_FOUND");
  });

  it("refuses more accumulators than steps", async () => {
    const connection = await client.cluster.connectionTo(0);
    const refused = await connection.request(smartFetch, request({ accumulators: [new Uint8Array(0), new Uint8Array(0)] }));
    expect([errorName(refused.errorCode), refused.errorMessage, refused.sessionId]).toEqual(["INVALID_REQUEST", "2 accumulators for a chain of 1 SmartModules", 0]);
  });
});

/** Resident memory of the worker process, from /proc. */
async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

describe("a hostile SmartModule fails only its own stream", () => {
  const abort = new AbortController();
  const plain: string[] = [];
  const filtered: string[] = [];
  const background: Promise<void>[] = [];

  beforeAll(async () => {
    await client.admin.createTopics([
      { name: "live", partitions: 1 },
      { name: "hostile-input", partitions: 1 },
    ]);
    await producer.send({ topic: "hostile-input", messages: [{ value: order("zed", "PT", 1) }] });
    // Two bystanders on the same broker: a plain Fetch consumer and another SmartFetch session.
    background.push(
      (async () => {
        for await (const r of client.consume({ topic: "live", start: { kind: "beginning" }, signal: abort.signal })) plain.push(recordLine(r));
      })(),
      (async () => {
        for await (const item of client.smartConsume({ topic: "live", chain: portugal, start: { kind: "beginning" }, signal: abort.signal })) filtered.push(line(item));
      })(),
    );
  });

  afterAll(async () => {
    abort.abort();
    await Promise.all(background);
  });

  async function bystandersReceive(name: string): Promise<void> {
    const value = order(name, "PT", 1);
    await producer.send({ topic: "live", messages: [{ value }] });
    await eventually(`both bystanders to receive ${name}`, () => (plain.some((l) => l.endsWith(value)) && filtered.some((l) => l.endsWith(value)) ? true : undefined));
  }

  it.each([
    ["infinite-loop", `SmartModule 'infinite-loop' ran past its ${SM_TIMEOUT_MS} ms limit on one batch and was stopped`],
    ["memory-bomb", `SmartModule 'memory-bomb' trapped: wasm \`unreachable\` instruction executed (an uncaught exception or exhausting the ${SM_MEMORY_MB} MiB memory limit stops a module this way)`],
    // StarlingMonkey turns an exception thrown out of an export into `unreachable`, the same trap as running out of memory.
    ["trap", `SmartModule 'trap' trapped: wasm \`unreachable\` instruction executed (an uncaught exception or exhausting the ${SM_MEMORY_MB} MiB memory limit stops a module this way)`],
  ])("%s", async (module, message) => {
    await bystandersReceive(`before-${module}`);
    const rssBefore = await rssBytes(spu.child.pid!);
    const elapsed: number[] = [];
    // Twice: the first run includes compiling the component in the broker, the second only starting it.
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      const error = await readAll(client.smartConsume({ topic: "hostile-input", chain: [{ module }], start: { kind: "beginning" } })).then(
        () => null,
        (cause: unknown) => cause,
      );
      elapsed.push(Math.round(performance.now() - started));
      expect(error).toBeInstanceOf(SmartConsumeError);
      expect([(error as SmartConsumeError).errorName, (error as SmartConsumeError).message]).toEqual(["UNKNOWN_SERVER_ERROR", message]);
    }
    console.log(`[smart-consume] ${module}: stream start to error ${elapsed.join(" ms, ")} ms`);
    if (module === "infinite-loop") expect(elapsed[1]).toBeGreaterThanOrEqual(SM_TIMEOUT_MS);
    expect(elapsed[1]).toBeLessThan(5_000);
    // The cap holds inside the module: the broker did not grow by anything like the bomb's appetite.
    expect((await rssBytes(spu.child.pid!)) - rssBefore).toBeLessThan(256 * 2 ** 20);
    await bystandersReceive(`after-${module}`);
    expect(spu.child.exitCode).toBeNull();
    expect(await client.admin.listTopics()).toContain("hostile-input");
  });

  it("holds produce-time chains and derived topics to the broker's limits too", async () => {
    // The broker runs with a 32 MiB cap; the default is 128 MiB, so the message says which one held.
    const bombed = `SmartModule 'memory-bomb' trapped: wasm \`unreachable\` instruction executed (an uncaught exception or exhausting the ${SM_MEMORY_MB} MiB memory limit stops a module this way)`;
    const chain = JSON.stringify([{ module: "memory-bomb", params: {} }]);
    const logLines = () => spu.output().split("\n");

    await client.admin.createTopics([{ name: "bombed-at-produce", partitions: 1, configs: { "freshet.smartmodules": chain } }]);
    const plainProducer = new Kafka({ clientId: "bomb-producer", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await plainProducer.connect();
    const refused = await plainProducer.send({ topic: "bombed-at-produce", messages: [{ value: "x" }] }).then(
      () => null,
      (cause: unknown) => cause,
    );
    await plainProducer.disconnect();
    expect((refused as { type?: string } | null)?.type).toBe("INVALID_RECORD");
    const failedIn = (topic: string, what: string) => logLines().some((l) => l.includes(`"msg":"${what}"`) && l.includes(`"topic":"${topic}"`) && l.includes(bombed));
    // The broker answers before its log line has come through the pipe: wait for it.
    await eventually("the produce-time failure in the broker's log", () => (failedIn("bombed-at-produce", "produce-time SmartModule chain failed") ? true : undefined));

    await client.admin.createTopics([{ name: "bombed-derived", partitions: 1, configs: { "freshet.source": "hostile-input", "freshet.smartmodules": chain } }]);
    await eventually("the derivation's failure in the broker's log", () => (failedIn("bombed-derived", "derivation failed") ? true : undefined));
    await client.admin.deleteTopics(["bombed-at-produce", "bombed-derived"]);
    await bystandersReceive("after-limits");
  });
});
