import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { createClient, type FreshetClient } from "../client.js";
import type { ConsumedRecord } from "../consumer/consumed-record.js";
import { startSpu, type RunningSpu } from "../test-support/spu-process.js";
import { EdgeChain } from "./edge.js";

let spu: RunningSpu;
let client: FreshetClient;
const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : new TextDecoder().decode(bytes));

async function readAll(iterator: AsyncIterable<ConsumedRecord>): Promise<ConsumedRecord[]> {
  const out: ConsumedRecord[] = [];
  for await (const record of iterator) out.push(record);
  return out;
}

beforeAll(async () => {
  spu = await startSpu();
  client = createClient({ bootstrap: spu.bootstrap, clientId: "edge-it" });
});

afterAll(async () => {
  await client?.close();
  await spu?.stop();
});

describe("EdgeChain against the real broker", () => {
  it("masks records before they are produced; the broker only ever sees the masked ones", async () => {
    const topic = `edge-mask-${process.pid}`;
    await client.admin.createTopics([{ name: topic, partitions: 2 }]);
    const { wasm } = await buildSmartModule(examplePath("pii-mask"));
    const edge = await EdgeChain.open([{ name: "pii-mask", module: wasm, params: { fields: "email" } }]);
    try {
      const { records, errors } = await edge.beforeProduce(
        [
          { key: "u1", value: '{"email":"a@b.c","n":1}', partition: 1, timestamp: 1_700_000_000_000, headers: { source: "web" } },
          { value: "not json", partition: 0 },
          { value: '{"email":"d@e.f","n":2}', partition: 0, timestamp: 1_700_000_000_001 },
        ],
        1_700_000_000_999,
      );
      expect(errors).toEqual([{ index: 1, module: "pii-mask", message: "SyntaxError: JSON.parse: unexpected keyword at line 1 column 1 of the JSON data" }]);
      await client.producer().send(topic, records);
    } finally {
      await edge.close();
    }
    const consumed = await readAll(client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true }));
    expect(
      consumed
        .map((r) => ({ partition: r.partition, offset: r.offset, timestamp: r.timestamp, key: text(r.key), value: text(r.value), headers: r.headers.map((h) => [h.key, text(h.value)]) }))
        .sort((a, b) => a.partition - b.partition),
    ).toEqual([
      { partition: 0, offset: 0, timestamp: 1_700_000_000_001, key: null, value: '{"email":"***","n":2}', headers: [] },
      { partition: 1, offset: 0, timestamp: 1_700_000_000_000, key: "u1", value: '{"email":"***","n":1}', headers: [["source", "web"]] },
    ]);
  });

  it("aggregates consumed records and keeps each output's topic, partition and offset", async () => {
    const topic = `edge-sum-${process.pid}`;
    await client.admin.createTopics([{ name: topic, partitions: 1 }]);
    await client.producer().send(topic, [{ value: '{"v":2}' }, { value: '{"w":1}' }, { value: '{"v":3}' }, { value: '{"v":5}' }]);
    const consumed = await readAll(client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true }));
    const { wasm } = await buildSmartModule(examplePath("running-sum"));
    const edge = await EdgeChain.open([{ name: "running-sum", module: wasm, params: { field: "v" } }]);
    try {
      const first = await edge.afterConsume(consumed.slice(0, 2));
      const second = await edge.afterConsume(consumed.slice(2));
      expect(first.errors).toEqual([{ index: 1, module: "running-sum", message: "Error: field 'v' is not a number" }]);
      expect(second.errors).toEqual([]);
      expect([...first.records, ...second.records].map((r) => [r.topic, r.partition, r.offset, text(r.value)])).toEqual([
        [topic, 0, 0, '{"count":1,"sum":2}'],
        [topic, 0, 2, '{"count":2,"sum":5}'],
        [topic, 0, 3, '{"count":3,"sum":10}'],
      ]);
      expect(edge.accumulators.map(text)).toEqual(['{"count":3,"sum":10}']);
    } finally {
      await edge.close();
    }
  });
});
