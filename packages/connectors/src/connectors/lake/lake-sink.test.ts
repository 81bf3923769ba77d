import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RecordError } from "../../kit/errors.js";
import type { SinkTask } from "../../kit/connector.js";
import { testContext } from "../../test-support/context.js";
import { listFiles, manualClock, range, readLocalParquet, records } from "../../test-support/lake-files.js";
import lakeSink from "./lake-sink.js";

let directory: string;
const never = new AbortController().signal;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "freshet-lake-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function openSink(config: Record<string, unknown>, clock = manualClock()): Promise<SinkTask> {
  const parsed = lakeSink.config.parse({ destination: { kind: "local", directory }, ...config });
  return lakeSink.open({ ...testContext(parsed), clock });
}

describe("lake-sink to a local directory", () => {
  it("rolls files by record count, named by their offsets, and reports durable only what is rolled", async () => {
    const sink = await openSink({ rollRecords: 10 });
    await sink.write(records("orders", 0, range(0, 7)), never);
    expect(await listFiles(directory)).toEqual([]);
    expect(sink.durable?.()).toEqual([{ topic: "orders", partition: 0, offset: 0 }]);

    await sink.write([...records("orders", 0, range(7, 25)), ...records("orders", 1, range(100, 103))], never);
    expect(await listFiles(directory)).toEqual(["orders/0/00000000000000000000-00000000000000000009.parquet", "orders/0/00000000000000000010-00000000000000000019.parquet"]);
    expect(sink.durable?.()).toEqual([
      { topic: "orders", partition: 0, offset: 20 },
      { topic: "orders", partition: 1, offset: 100 },
    ]);

    const rows = await readLocalParquet(join(directory, "orders/0/00000000000000000010-00000000000000000019.parquet"));
    expect(rows).toEqual(
      range(10, 20).map((o) => ({ topic: "orders", partition: 0, offset: BigInt(o), timestamp: new Date(1_700_000_000_000 + o), key: `k${o.toString()}`, value: JSON.stringify({ n: o }) })),
    );
    await sink.close();
  });

  it("rewrites the same object names when the same offsets come again, so no row is stored twice", async () => {
    const first = await openSink({ rollRecords: 10 });
    await first.write(records("orders", 0, range(0, 25)), never);
    expect(first.durable?.()).toEqual([{ topic: "orders", partition: 0, offset: 20 }]);
    // Crash: the open file (20..24) is lost; the runtime restarts from what was durable, or earlier.
    await first.close();
    const again = await openSink({ rollRecords: 10 });
    await again.write(records("orders", 0, range(0, 30)), never);
    expect(await listFiles(directory)).toEqual([
      "orders/0/00000000000000000000-00000000000000000009.parquet",
      "orders/0/00000000000000000010-00000000000000000019.parquet",
      "orders/0/00000000000000000020-00000000000000000029.parquet",
    ]);
    const offsets: bigint[] = [];
    for (const file of await listFiles(directory)) offsets.push(...(await readLocalParquet(join(directory, file))).map((r) => r.offset as bigint));
    expect(offsets).toEqual(range(0, 30).map(BigInt));
    expect(again.durable?.()).toEqual([{ topic: "orders", partition: 0, offset: 30 }]);

    // A retry of a batch already taken adds nothing.
    await again.write(records("orders", 0, range(25, 35)), never);
    expect(again.durable?.()).toEqual([{ topic: "orders", partition: 0, offset: 30 }]);
    await again.close();
  });

  it("rolls by bytes and, on flush, by age", async () => {
    const clock = manualClock();
    const sink = await openSink({ rollRecords: 1000, rollBytes: 1024, rollIntervalMs: 5_000 }, clock);
    const big = (o: number): string => JSON.stringify({ n: o, pad: "x".repeat(300) });
    await sink.write(records("logs", 2, range(0, 5), big), never);
    // Each record is 3 key bytes + 321 value bytes: the fourth makes the file reach 1024.
    expect(await listFiles(directory)).toEqual(["logs/2/00000000000000000000-00000000000000000003.parquet"]);
    expect(sink.durable?.()).toEqual([{ topic: "logs", partition: 2, offset: 4 }]);

    clock.advance(4_999);
    await sink.flush?.(never);
    expect(await listFiles(directory)).toHaveLength(1);
    clock.advance(1);
    await sink.flush?.(never);
    expect(await listFiles(directory)).toEqual(["logs/2/00000000000000000000-00000000000000000003.parquet", "logs/2/00000000000000000004-00000000000000000004.parquet"]);
    expect(sink.durable?.()).toEqual([{ topic: "logs", partition: 2, offset: 5 }]);
    await sink.close();
  });

  it("extracts declared fields and refuses a record whose field has another type, by its index", async () => {
    const sink = await openSink({
      rollRecords: 3,
      valueFormat: "bytes",
      fields: [
        { name: "amount", path: "order.amount", type: "int64" },
        { name: "price", path: "order.price", type: "double" },
        { name: "sku", path: "order.lines.0.sku", type: "string" },
        { name: "paid", path: "paid", type: "boolean" },
      ],
    });
    const values = [
      { order: { amount: 3, price: 2.5, lines: [{ sku: "a-1" }] }, paid: true },
      { order: { amount: 4 } },
      { order: { amount: "many" } },
      { order: { amount: 5, price: 1 }, paid: false },
    ];
    const batch = records("shop", 0, range(0, 4), (o) => JSON.stringify(values[o]));
    const refused = await sink.write(batch, never).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RecordError);
    expect((refused as RecordError).index).toBe(2);
    expect((refused as RecordError).message).toBe('record shop/0 at offset 2: field amount (order.amount) should be an int64 but is "many"');

    // The runtime dead-letters record 2 and sends the rest of the batch again.
    await sink.write([batch[0]!, batch[1]!, batch[3]!], never);
    const [file] = await listFiles(directory);
    expect(file).toBe("shop/0/00000000000000000000-00000000000000000003.parquet");
    const rows = await readLocalParquet(join(directory, file!));
    expect(rows.map((r) => [r.offset, r.amount, r.price, r.sku, r.paid])).toEqual([
      [0n, 3n, 2.5, "a-1", true],
      [1n, 4n, null, null, null],
      [3n, 5n, 1, null, false],
    ]);
    expect(rows.map((r) => new TextDecoder().decode(r.value as Uint8Array))).toEqual([0, 1, 3].map((i) => JSON.stringify(values[i])));
    await sink.close();
  });

  it("refuses a value that is not JSON when fields are declared", async () => {
    const sink = await openSink({ fields: [{ name: "n", path: "n", type: "int64" }] });
    await expect(
      sink.write(
        records("t", 0, [0, 1], (o) => (o === 1 ? "{not json" : "{}")),
        never,
      ),
    ).rejects.toMatchObject({
      name: "RecordError",
      index: 1,
      message: "record t/0 at offset 1: the value is not JSON, so its fields cannot be extracted",
    });
    await sink.close();
  });
});

describe("lake-sink check and config", () => {
  it("passes for a writable directory and names an unwritable one", async () => {
    const ok = await lakeSink.check(testContext(lakeSink.config.parse({ destination: { kind: "local", directory: join(directory, "new", "folder") } })));
    expect(ok).toEqual({ ok: true, detail: `files go to ${join(directory, "new", "folder")}` });

    await writeFile(join(directory, "a-file"), "");
    const blocked = join(directory, "a-file", "lake");
    const failed = await lakeSink.check(testContext(lakeSink.config.parse({ destination: { kind: "local", directory: blocked } })));
    expect(failed).toEqual({ ok: false, message: `the directory ${blocked} is not writable: ENOTDIR: not a directory, mkdir '${blocked}'` });
  });

  it("refuses a field named like a fixed column", () => {
    const parsed = lakeSink.config.safeParse({ destination: { kind: "local", directory }, fields: [{ name: "offset", path: "o", type: "int64" }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("a field may not be named topic, partition, offset, timestamp, key, value (those columns are always written)");
  });
});
