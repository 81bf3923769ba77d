import { writeFile, rm } from "node:fs/promises";
import { createClient, type FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConnectorOffsets, resetConnectorOffsets } from "../offsets/connector-offsets.js";
import { COUNTER_SOURCE, ConnectorWorkspace, JSONL_SINK } from "../test-support/connector-harness.js";
import { DEAD_LETTER_HEADERS } from "./dead-letters.js";

const decoder = new TextDecoder();
let spu: RunningSpu;
let client: FreshetClient;
let workspace: ConnectorWorkspace;

beforeAll(async () => {
  // No initial rebalance delay: each sink here is its group's only member.
  [spu, workspace] = await Promise.all([startSpu({ groupInitialRebalanceDelayMs: 0 }), ConnectorWorkspace.create()]);
  client = createClient({ bootstrap: spu.bootstrap });
});

afterAll(async () => {
  await client?.close();
  await spu?.stop();
  await workspace?.remove();
});

/** Every record of `topic` so far; none while the topic does not exist yet. */
async function readAll(topic: string): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  if (!(await client.admin.listTopics()).includes(topic)) return records;
  for await (const record of client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) records.push(record);
  return records;
}

/** Creates `topic` when missing, then sends the values (with the headers given). */
async function send(topic: string, values: readonly string[], headers?: Record<string, string>): Promise<void> {
  if (!(await client.admin.listTopics()).includes(topic)) await client.admin.createTopics([{ name: topic }]);
  await client.producer().send(
    topic,
    values.map((value) => ({ value, ...(headers === undefined ? {} : { headers }) })),
  );
}

const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : decoder.decode(bytes));
const header = (record: ConsumedRecord, key: string): string | null => text(record.headers.find((h) => h.key === key)?.value ?? null);

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function sinkConfig(name: string, topic: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, module: JSONL_SINK, topics: [topic], cluster: { bootstrap: spu.bootstrap }, config, ...extra };
}

describe("a source", () => {
  it("produces every record once, stores its position and resumes from it", async () => {
    const base = { name: "counter", module: COUNTER_SOURCE, topic: "counted", cluster: { bootstrap: spu.bootstrap } };
    let connector = await workspace.start({ ...base, config: { count: 120, batch: 50 } });
    await until(
      "120 records",
      () => readAll("counted"),
      (r) => r.length >= 120,
    );
    await until(
      "the position",
      () => readConnectorOffsets(client, { name: "counter", kind: "source" }),
      (o) => o.kind === "source" && o.position === 120,
    );
    await connector.close();
    expect((await workspace.status())?.state).toBe("stopped");

    connector = await workspace.start({ ...base, config: { count: 150, batch: 50 } });
    await until(
      "150 records",
      () => readAll("counted"),
      (r) => r.length >= 150,
    );
    const status = await until(
      "the status",
      () => workspace.status(),
      (s) => s?.metrics.recordsOut === 30,
    );
    await connector.close();
    expect((await readAll("counted")).map((r) => text(r.value))).toEqual(Array.from({ length: 150 }, (_, n) => String(n)));
    expect(status?.state).toBe("running");
    expect(status?.metrics.recordsIn).toBe(30);
  });

  it("starts afresh after its offsets are reset while stopped", async () => {
    const base = { name: "recount", module: COUNTER_SOURCE, topic: "recounted", cluster: { bootstrap: spu.bootstrap }, config: { count: 20 } };
    let connector = await workspace.start(base);
    await until(
      "20 records",
      () => readAll("recounted"),
      (r) => r.length >= 20,
    );
    await until(
      "the position",
      () => readConnectorOffsets(client, { name: "recount", kind: "source" }),
      (o) => o.kind === "source" && o.position === 20,
    );
    await connector.close();
    await resetConnectorOffsets(client, { name: "recount", kind: "source" });
    expect(await readConnectorOffsets(client, { name: "recount", kind: "source" })).toEqual({ kind: "source", position: null });
    connector = await workspace.start(base);
    await until(
      "40 records",
      () => readAll("recounted"),
      (r) => r.length >= 40,
    );
    await connector.close();
    const values = (await readAll("recounted")).map((r) => text(r.value));
    expect(values.slice(20)).toEqual(values.slice(0, 20));
  });
});

describe("a sink", () => {
  it("writes every record of its topics once and commits only what it wrote", async () => {
    const producer = client.producer();
    await client.admin.createTopics([{ name: "orders", partitions: 2 }]);
    await producer.send(
      "orders",
      Array.from({ length: 40 }, (_, n) => ({ key: `k${n % 5}`, value: `order-${n}` })),
    );
    let connector = await workspace.start(sinkConfig("orders-out", "orders", { path: workspace.path("orders.jsonl") }));
    await until(
      "40 lines",
      () => workspace.lines("orders.jsonl"),
      (l) => l.length >= 40,
    );
    await connector.close();
    const offsets = await readConnectorOffsets(client, { name: "orders-out", kind: "sink" });
    expect(offsets.kind === "sink" && offsets.partitions.reduce((sum, p) => sum + p.offset, 0)).toBe(40);

    await producer.send(
      "orders",
      Array.from({ length: 10 }, (_, n) => ({ value: `late-${n}` })),
    );
    connector = await workspace.start(sinkConfig("orders-out", "orders", { path: workspace.path("orders.jsonl") }));
    await until(
      "50 lines",
      () => workspace.lines("orders.jsonl"),
      (l) => l.length >= 50,
    );
    await connector.close();
    const lines = await workspace.lines("orders.jsonl");
    expect(lines).toHaveLength(50);
    expect(new Set(lines.map((l) => `${l.partition}/${l.offset}`)).size).toBe(50);
    expect(lines.map((l) => l.value).sort()).toEqual([...Array.from({ length: 40 }, (_, n) => `order-${n}`), ...Array.from({ length: 10 }, (_, n) => `late-${n}`)].sort());
  });

  it("dead-letters a refused record with where it came from and why, and goes on", async () => {
    await send("payments", ["a", "poison", "b", "c"], { origin: "test" });
    const connector = await workspace.start(sinkConfig("payments-out", "payments", { path: workspace.path("payments.jsonl"), poison: "poison" }, { errors: { tolerance: "all" } }));
    await until(
      "3 lines",
      () => workspace.lines("payments.jsonl"),
      (l) => l.length >= 3,
    );
    const [letter, ...more] = await until(
      "a dead letter",
      () => readAll("payments-out-dlq"),
      (r) => r.length >= 1,
    );
    const status = await until(
      "the count",
      () => workspace.status(),
      (s) => s?.metrics.deadLettered === 1,
    );
    await connector.close();
    expect((await workspace.lines("payments.jsonl")).map((l) => l.value)).toEqual(["a", "b", "c"]);
    expect(more).toEqual([]);
    expect(text(letter!.value)).toBe("poison");
    expect(header(letter!, "origin")).toBe("test");
    expect(header(letter!, DEAD_LETTER_HEADERS.error)).toBe("the value poison is not accepted");
    expect(header(letter!, DEAD_LETTER_HEADERS.connector)).toBe("payments-out");
    expect(header(letter!, DEAD_LETTER_HEADERS.stage)).toBe("sink jsonl-sink");
    expect([header(letter!, DEAD_LETTER_HEADERS.topic), header(letter!, DEAD_LETTER_HEADERS.partition), header(letter!, DEAD_LETTER_HEADERS.offset)]).toEqual(["payments", "0", "1"]);
    expect(status?.metrics.recordsOut).toBe(3);
  });

  it("fails on a refused record under errors.tolerance none, keeping what it wrote before it", async () => {
    await send("strict", ["a", "poison", "b"]);
    const connector = await workspace.start(sinkConfig("strict-out", "strict", { path: workspace.path("strict.jsonl"), poison: "poison" }));
    const status = await until(
      "Failed",
      () => workspace.status(),
      (s) => s?.state === "failed",
    );
    await connector.close();
    expect(status?.reason).toBe("record strict/0 at offset 1 was refused by sink jsonl-sink (the value poison is not accepted) and errors.tolerance is none");
    expect((await workspace.lines("strict.jsonl")).map((l) => l.value)).toEqual(["a"]);
    expect((await workspace.status())?.state).toBe("failed");
  });

  it("rides out a target that is down for less than the retry timeout, and fails once it stays down longer", async () => {
    const down = workspace.path("down-marker");
    await writeFile(down, "");
    await send("flaky", ["1", "2", "3"]);
    const retry = { initialDelayMs: 20, maxDelayMs: 100, timeoutMs: 60_000 };
    let connector = await workspace.start(sinkConfig("flaky-out", "flaky", { path: workspace.path("flaky.jsonl"), downWhile: down }, { errors: { retry } }));
    await until(
      "retries",
      () => workspace.status(),
      (s) => (s?.metrics.errors ?? 0) >= 3,
    );
    expect(await workspace.lines("flaky.jsonl")).toEqual([]);
    await rm(down);
    await until(
      "3 lines",
      () => workspace.lines("flaky.jsonl"),
      (l) => l.length >= 3,
    );
    await connector.close();

    await writeFile(down, "");
    await send("flaky", ["4"]);
    connector = await workspace.start(sinkConfig("flaky-out", "flaky", { path: workspace.path("flaky.jsonl"), downWhile: down }, { errors: { retry: { ...retry, timeoutMs: 500 } } }));
    const status = await until(
      "Failed",
      () => workspace.status(),
      (s) => s?.state === "failed",
    );
    await connector.close();
    expect(status?.reason).toMatch(/^writing to jsonl-sink kept failing for \d+ s \(errors\.retry\.timeoutMs is 500\): the target is unavailable$/);
    await rm(down);
    connector = await workspace.start(sinkConfig("flaky-out", "flaky", { path: workspace.path("flaky.jsonl") }));
    await until(
      "4 lines",
      () => workspace.lines("flaky.jsonl"),
      (l) => l.length >= 4,
    );
    await connector.close();
    expect((await workspace.lines("flaky.jsonl")).map((l) => l.value)).toEqual(["1", "2", "3", "4"]);
  });

  it("applies a SmartModule chain before writing, dead-lettering the records a module refuses", async () => {
    const module = workspace.path("json-filter.wasm");
    await writeFile(module, (await buildSmartModule(examplePath("json-filter"))).wasm);
    const values = ['{"country":"PT","n":1}', '{"country":"ES","n":2}', "not json", '{"country":"PT","n":3}'];
    await send("visits", values);
    const transforms = [{ module, params: { field: "country", value: "PT" } }];
    const connector = await workspace.start(sinkConfig("visits-out", "visits", { path: workspace.path("visits.jsonl") }, { transforms, errors: { tolerance: "all" } }));
    await until(
      "2 lines",
      () => workspace.lines("visits.jsonl"),
      (l) => l.length >= 2,
    );
    const [letter] = await until(
      "a dead letter",
      () => readAll("visits-out-dlq"),
      (r) => r.length >= 1,
    );
    await connector.close();
    expect((await workspace.lines("visits.jsonl")).map((l) => [l.offset, l.value])).toEqual([
      [0, values[0]],
      [3, values[3]],
    ]);
    expect(text(letter!.value)).toBe("not json");
    expect(header(letter!, DEAD_LETTER_HEADERS.offset)).toBe("2");
    expect(header(letter!, DEAD_LETTER_HEADERS.stage)).toMatch(/^transform /);
  });

  it("re-delivers from the beginning after its offsets are reset while stopped", async () => {
    await send("replayed", ["x", "y"]);
    const config = sinkConfig("replay-out", "replayed", { path: workspace.path("replayed.jsonl") });
    let connector = await workspace.start(config);
    await until(
      "2 lines",
      () => workspace.lines("replayed.jsonl"),
      (l) => l.length >= 2,
    );
    await connector.close();
    await resetConnectorOffsets(client, { name: "replay-out", kind: "sink" });
    expect(await readConnectorOffsets(client, { name: "replay-out", kind: "sink" })).toEqual({ kind: "sink", partitions: [] });
    connector = await workspace.start(config);
    await until(
      "4 lines",
      () => workspace.lines("replayed.jsonl"),
      (l) => l.length >= 4,
    );
    await connector.close();
    expect((await workspace.lines("replayed.jsonl")).map((l) => l.value)).toEqual(["x", "y", "x", "y"]);
  });
});
