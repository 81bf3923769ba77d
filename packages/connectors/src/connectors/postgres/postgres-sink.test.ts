import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SinkTask } from "../../kit/connector.js";
import { PermanentError, RecordError } from "../../kit/errors.js";
import type { SinkRecord } from "../../kit/record.js";
import { testContext } from "../../test-support/context.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import postgresSink from "./postgres-sink.js";
import type { PostgresSinkConfig } from "./postgres-sink-config.js";

const database = `freshet_pgsink_${randomBytes(4).toString("hex")}`;
const adminUrl = "postgres://postgres@127.0.0.1:5432/postgres";
const url = `postgres://postgres@127.0.0.1:5432/${database}`;
let db: pg.Client;

const columns = { id: "order.id", customer: "order.customer", doc: "$value", record_key: "$key", topic: "$topic", part: "$partition", off: "$offset", ts: "$timestamp" };

function record(offset: number, value: unknown, key: string | null = `k${offset.toString()}`): SinkRecord {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return { topic: "orders", partition: 2, offset, timestamp: 1_700_000_000_000 + offset, key: key === null ? null : Buffer.from(key), value: Buffer.from(text), headers: {} };
}

function order(id: number, customer = `c${id.toString()}`): SinkRecord {
  return record(100 + id, { order: { id, customer } });
}

function config(table: string, overrides: Partial<PostgresSinkConfig> = {}): PostgresSinkConfig {
  return postgresSink.config.parse({ url, table, columns, ...overrides });
}

async function open(settings: PostgresSinkConfig): Promise<SinkTask> {
  return postgresSink.open(testContext(settings));
}

async function createOrders(table: string, primaryKey: boolean): Promise<void> {
  await db.query(
    `CREATE TABLE ${table} (id int ${primaryKey ? "PRIMARY KEY" : ""} CHECK (id > 0), customer text NOT NULL, doc jsonb, record_key text, topic text, part int, off bigint, ts timestamptz)`,
  );
}

async function ids(table: string): Promise<number[]> {
  const result = await db.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id, off`);
  return result.rows.map((r) => r.id);
}

const signal = new AbortController().signal;

beforeAll(async () => {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  db = new pg.Client(url);
  await db.connect();
  await db.query("CREATE SCHEMA shop");
});

afterAll(async () => {
  await db.end();
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});

describe("postgres-sink", () => {
  it("writes each record as one row holding exactly the mapped fields and metadata", async () => {
    await createOrders("shop.round_trip", true);
    const task = await open(config("shop.round_trip"));
    const records = [order(1), order(2), order(3)];
    await task.write(records, signal);
    await task.close();
    const rows = await db.query(`SELECT id, customer, doc, record_key, topic, part, off, ts FROM shop.round_trip ORDER BY id`);
    expect(rows.rows).toEqual(
      [1, 2, 3].map((id) => ({
        id,
        customer: `c${id.toString()}`,
        doc: { order: { id, customer: `c${id.toString()}` } },
        record_key: `k${(100 + id).toString()}`,
        topic: "orders",
        part: 2,
        off: String(100 + id),
        ts: new Date(1_700_000_000_000 + 100 + id),
      })),
    );
  });

  it("upsert makes a redelivered batch rewrite its rows, insert adds them again", async () => {
    await createOrders("upserted", true);
    await createOrders("inserted", false);
    const upsert = await open(config("upserted", { mode: "upsert", keyColumns: ["id"] }));
    const insert = await open(config("inserted"));
    const batch = [order(1), order(2), order(3)];
    for (const task of [upsert, insert]) {
      await task.write(batch, signal);
      await task.write(batch, signal);
      await task.close();
    }
    expect(await ids("upserted")).toEqual([1, 2, 3]);
    expect(await ids("inserted")).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it("upsert takes the last of several records with one key in a batch", async () => {
    await createOrders("last_wins", true);
    const task = await open(config("last_wins", { mode: "upsert", keyColumns: ["id"] }));
    await task.write([order(1, "first"), order(2), order(1, "second")], signal);
    await task.close();
    const rows = await db.query<{ id: number; customer: string }>("SELECT id, customer FROM last_wins ORDER BY id");
    expect(rows.rows).toEqual([
      { id: 1, customer: "second" },
      { id: 2, customer: "c2" },
    ]);
  });

  it.each([
    { poison: "a value that is not JSON", bad: record(7, "{not json"), message: /not JSON/ },
    { poison: "a missing NOT NULL field", bad: record(107, { order: { id: 7 } }), message: /null value in column "customer"/ },
    { poison: "a broken check constraint", bad: order(-7), message: /violates check constraint/ },
  ])("names $poison by its index and keeps the records before it", async ({ bad, message }) => {
    const table = `poison_${randomBytes(3).toString("hex")}`;
    await createOrders(table, true);
    const task = await open(config(table));
    const error = await task.write([order(1), order(2), bad, order(4)], signal).catch((e: unknown) => e);
    await task.close();
    expect(error).toBeInstanceOf(RecordError);
    expect((error as RecordError).index).toBe(2);
    expect((error as RecordError).message).toMatch(message);
    expect(await ids(table)).toEqual([1, 2]);
  });

  it("fails retriably while PostgreSQL is unreachable and loses nothing once it is back", async () => {
    await createOrders("through_proxy", true);
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: 5432 });
    const task = await open(config("through_proxy", { url: `postgres://postgres@${proxy.address}/${database}` }));
    try {
      await task.write([order(1)], signal);
      await proxy.down();
      const error = await task.write([order(2), order(3)], signal).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentError);
      expect(error).not.toBeInstanceOf(RecordError);
      await proxy.up();
      await task.write([order(2), order(3)], signal);
    } finally {
      await task.close();
      await proxy.down();
    }
    expect(await ids("through_proxy")).toEqual([1, 2, 3]);
  });

  it("stops with a PermanentError when the table does not exist", async () => {
    const task = await open(config("no_such_table"));
    const error = await task.write([order(1)], signal).catch((e: unknown) => e);
    await task.close();
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toBe('the table no_such_table does not exist: relation "no_such_table" does not exist.');
  });

  describe("check", () => {
    it("passes for a table that takes the mapped columns", async () => {
      await createOrders("checked", true);
      expect(await postgresSink.check(testContext(config("checked", { mode: "upsert", keyColumns: ["id"] })))).toEqual({ ok: true, detail: "PostgreSQL accepts upsert into checked" });
    });

    it("fails with a sentence for a closed port, an unknown user, a missing table, column or key", async () => {
      await createOrders("checked_bad", false);
      const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: 5432 });
      await proxy.down();
      const cases: [Partial<PostgresSinkConfig> & { table?: string }, RegExp][] = [
        [{ url: `postgres://postgres@${proxy.address}/${database}` }, /^cannot connect to PostgreSQL with config\.url: connect ECONNREFUSED/],
        [{ url: `postgres://nobody_${database}:secret@127.0.0.1:5432/${database}` }, /^PostgreSQL refused the credentials in config\.url: role "nobody_/],
        [{ table: "missing" }, /^the table missing does not exist/],
        [{ columns: { ...columns, nope: "order.nope" } }, /^a column in config\.columns does not exist in checked_bad: column "nope"/],
        [{ mode: "upsert", keyColumns: ["id"] }, /^config\.keyColumns are not the primary key or a unique constraint of checked_bad/],
      ];
      for (const [overrides, message] of cases) {
        const result = await postgresSink.check(testContext(config(overrides.table ?? "checked_bad", overrides)));
        expect(result.ok).toBe(false);
        expect(result.ok ? "" : result.message).toMatch(message);
      }
    });
  });
});
