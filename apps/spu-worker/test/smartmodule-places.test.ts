import { createClient, type FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { EdgeChain } from "@freshet/client/smartmodules/edge";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { formatRecordLine, parseRecordLines } from "@freshet/smartmodule/local/record-lines";
import type { SmartRecord } from "@freshet/smartmodule/record";
import { EXAMPLE_CASES, type ExampleCase } from "@freshet/smartmodule/internal/example-cases";
import { examplePath, LANGUAGES } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

/*
 * Every SmartModule kind in all four places it runs, against one real SPU, held to
 * the exact output the example cases expect (the same cases the Node and browser
 * runtimes are tested with): at consume time (SmartFetch), at produce time (a
 * topic's chain), in a derived topic, and at the edge (the client's own chain over
 * plainly consumed records). Records are produced with timestamp 0 so output lines
 * compare whole. Each kind runs as the JS module and as its AssemblyScript port,
 * loaded under its own name, with the same expected records.
 */
const KINDS = ["json-filter", "pii-mask", "field-extract", "array-explode", "running-sum"] as const;
const cases = LANGUAGES.flatMap((language) =>
  KINDS.map((example) => {
    const c = EXAMPLE_CASES.find((e) => e.example === example)!;
    return { ...c, language, module: language === "typescript" ? example : `${example}-as` };
  }),
);

let spu: SpuProcess;
let client: FreshetClient;
const modules = new Map<string, Uint8Array>();

beforeAll(async () => {
  spu = await startSpu({ args: ["--log-level", "warn"] });
  client = createClient({ bootstrap: spu.bootstrap, clientId: "smartmodule-places" });
  for (const c of cases) {
    const { wasm } = await buildSmartModule(examplePath(c.example, c.language));
    modules.set(c.module, wasm);
    await client.admin.loadSmartModule(c.module, "0.1.0", wasm);
  }
}, 180_000);

afterAll(async () => {
  await client?.close();
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

function inputOf(c: ExampleCase): SmartRecord[] {
  const parsed = parseRecordLines(c.batches[0]!);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.records;
}

function chainConfig(c: ExampleCase & { module: string }): string {
  return JSON.stringify([{ module: c.module, params: Object.fromEntries(c.params) }]);
}

async function produceInput(topic: string, records: readonly SmartRecord[]): Promise<void> {
  await client.producer().send(
    topic,
    records.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers.map((h) => ({ key: h.key, value: h.value })), partition: 0 })),
  );
}

async function readAll(topic: string, count: number): Promise<ConsumedRecord[]> {
  return eventually(`${count} records in ${topic}`, async () => {
    const records: ConsumedRecord[] = [];
    for await (const r of client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) records.push(r);
    return records.length >= count ? records : undefined;
  });
}

const line = (r: ConsumedRecord, offset = r.offset, headers = r.headers) => formatRecordLine({ offset, timestamp: r.timestamp, key: r.key, value: r.value, headers });
/** The expected lines with each record's position in place of its offset (records stored by a chain get new offsets). */
const renumbered = (lines: readonly string[]) => lines.map((l, i) => JSON.stringify({ ...(JSON.parse(l) as object), offset: i }));

describe.each(cases)("$example ($language)", (c) => {
  const source = `in-${c.module}`;
  const expected = c.expected[0]!;

  beforeAll(async () => {
    await client.admin.createTopics([{ name: source, partitions: 1 }]);
    await produceInput(source, inputOf(c));
  });

  it("at consume time, through the SPU", async () => {
    const lines: string[] = [];
    const errors: { offset: number; message: string }[] = [];
    for await (const item of client.smartConsume({ topic: source, chain: [{ module: c.module, params: Object.fromEntries(c.params) }], start: { kind: "beginning" }, exitAtEnd: true })) {
      if (item.kind === "record") lines.push(line(item.record));
      else errors.push({ offset: item.error.offset, message: item.error.message });
    }
    expect(lines).toEqual(expected.lines);
    expect(errors).toEqual(expected.errors);
  });

  it("at produce time, as the topic's chain", async () => {
    const topic = `pt-${c.module}`;
    await client.admin.createTopics([{ name: topic, partitions: 1, configs: { "freshet.smartmodules": chainConfig(c) } }]);
    await produceInput(topic, inputOf(c));
    const stored = await readAll(topic, expected.lines.length);
    expect(stored.map((r) => line(r))).toEqual(renumbered(expected.lines));
  });

  it("in a derived topic that plain consumers read", async () => {
    const topic = `dv-${c.module}`;
    await client.admin.createTopics([{ name: topic, configs: { "freshet.source": source, "freshet.smartmodules": chainConfig(c) } }]);
    const derived = await readAll(topic, expected.lines.length);
    const lines = derived.map((r) => {
      const sourceOffset = Number(Buffer.from(r.headers.find((h) => h.key === "freshet.source.offset")!.value!).toString());
      return line(
        r,
        sourceOffset,
        r.headers.filter((h) => !h.key.startsWith("freshet.")),
      );
    });
    expect(lines).toEqual(expected.lines);
  });

  it("at the edge, in the client", async () => {
    const consumed = await readAll(source, inputOf(c).length);
    const edge = await EdgeChain.open([{ name: c.module, module: modules.get(c.module)!, params: Object.fromEntries(c.params) }]);
    try {
      const out = await edge.afterConsume(consumed);
      expect(out.records.map((r) => line(r))).toEqual(expected.lines);
      expect(out.errors.map((e) => ({ offset: consumed[e.index]!.offset, message: e.message }))).toEqual(expected.errors);
    } finally {
      await edge.close();
    }
  });
});
