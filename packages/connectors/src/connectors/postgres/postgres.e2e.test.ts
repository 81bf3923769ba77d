/*
 * postgres-sink under the real runtime, between a real broker and the real PostgreSQL: exact rows,
 * upsert redelivery without duplicates, poison records dead-lettered, PostgreSQL down within and
 * beyond the retry window, and offsets reset or altered while stopped.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alterConnectorOffsets, readConnectorOffsets, resetConnectorOffsets } from "../../offsets/connector-offsets.js";
import { DEAD_LETTER_HEADERS } from "../../runtime/dead-letters.js";
import { ConnectorWorkspace } from "../../test-support/connector-harness.js";
import { E2eCluster, header, text, until } from "../../test-support/e2e-cluster.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";

const database = `freshet_pge2e_${randomBytes(4).toString("hex")}`;
const adminUrl = "postgres://postgres@127.0.0.1:5432/postgres";
const url = `postgres://postgres@127.0.0.1:5432/${database}`;
const columns = { id: "id", name: "name", off: "$offset" };
let cluster: E2eCluster;
let db: pg.Client;
const workspaces: ConnectorWorkspace[] = [];

beforeAll(async () => {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  db = new pg.Client(url);
  [cluster] = await Promise.all([E2eCluster.start(), db.connect()]);
});

afterAll(async () => {
  await Promise.all(workspaces.map((w) => w.remove()));
  await cluster?.stop();
  await db?.end();
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});

/** A workspace of its own per connector: the status file is per data directory. */
async function workspace(): Promise<ConnectorWorkspace> {
  const created = await ConnectorWorkspace.create();
  workspaces.push(created);
  return created;
}

async function createTable(table: string, primaryKey: boolean): Promise<void> {
  await db.query(`CREATE TABLE ${table} (id int ${primaryKey ? "PRIMARY KEY" : ""}, name text NOT NULL, off bigint)`);
}

async function rows(table: string): Promise<Array<{ id: number; name: string; off: string }>> {
  return (await db.query<{ id: number; name: string; off: string }>(`SELECT id, name, off FROM ${table} ORDER BY id, off`)).rows;
}

const count = async (table: string): Promise<number> => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

const orders = (from: number, to: number): Array<{ key: string; value: string }> =>
  Array.from({ length: to - from }, (_, n) => ({ key: String(from + n), value: JSON.stringify({ id: from + n, name: `order-${(from + n).toString()}` }) }));

function sink(name: string, topic: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: "postgres-sink", topics: [topic], cluster: { bootstrap: cluster.bootstrap }, delivery: { batchSize: 100 }, config: { url, columns, ...config }, ...extra };
}

const committed = async (name: string): Promise<number> => {
  const offsets = await readConnectorOffsets(cluster.client, { name, kind: "sink" });
  return offsets.kind === "sink" ? offsets.partitions.reduce((sum, p) => sum + p.offset, 0) : -1;
};

describe("postgres-sink end to end", () => {
  it("upserts every record of the topic once, and a full redelivery after a reset adds no row", async () => {
    await createTable("upserted", true);
    await cluster.send("pg-upsert", orders(0, 1_000));
    const ws = await workspace();
    const config = sink("pg-upsert-out", "pg-upsert", { table: "upserted", mode: "upsert", keyColumns: ["id"] });
    let connector = await ws.start(config);
    await until(
      "1000 committed",
      () => committed("pg-upsert-out"),
      (n) => n === 1_000,
    );
    await connector.close();
    const expected = Array.from({ length: 1_000 }, (_, n) => ({ id: n, name: `order-${n.toString()}`, off: String(n) }));
    expect(await rows("upserted")).toEqual(expected);

    await resetConnectorOffsets(cluster.client, { name: "pg-upsert-out", kind: "sink" });
    expect(await committed("pg-upsert-out")).toBe(0);
    connector = await ws.start(config);
    await until(
      "1000 committed again",
      () => committed("pg-upsert-out"),
      (n) => n === 1_000,
    );
    const status = await until(
      "the status",
      () => ws.status(),
      (s) => s?.metrics.recordsOut === 1_000,
    );
    await connector.close();
    expect(status?.state).toBe("running");
    expect(await rows("upserted")).toEqual(expected);
  });

  it("re-delivers from an altered offset while stopped", async () => {
    await createTable("inserted", false);
    await cluster.send("pg-insert", orders(0, 200));
    const ws = await workspace();
    const config = sink("pg-insert-out", "pg-insert", { table: "inserted" });
    let connector = await ws.start(config);
    await until(
      "200 committed",
      () => committed("pg-insert-out"),
      (n) => n === 200,
    );
    await connector.close();
    await alterConnectorOffsets(cluster.client, { name: "pg-insert-out", kind: "sink" }, { kind: "sink", partitions: [{ topic: "pg-insert", partition: 0, offset: 150 }] });
    expect(await committed("pg-insert-out")).toBe(150);
    connector = await ws.start(config);
    await until(
      "200 committed again",
      () => committed("pg-insert-out"),
      (n) => n === 200,
    );
    await connector.close();
    const ids = (await rows("inserted")).map((r) => r.id);
    // Insert mode is not idempotent: exactly the records from offset 150 on are there twice.
    expect(ids).toEqual(Array.from({ length: 200 }, (_, n) => (n < 150 ? [n] : [n, n])).flat());
  });

  it("dead-letters a record whose value is not JSON, with its headers, and writes the rest", async () => {
    await createTable("poisoned", true);
    const records = [...orders(0, 100), { key: "bad", value: "{not json" }, ...orders(100, 200)];
    await cluster.send("pg-poison", records);
    const ws = await workspace();
    const connector = await ws.start(sink("pg-poison-out", "pg-poison", { table: "poisoned" }, { errors: { tolerance: "all" } }));
    await until(
      "201 committed",
      () => committed("pg-poison-out"),
      (n) => n === 201,
    );
    const letters = await until(
      "a dead letter",
      () => cluster.readAll("pg-poison-out-dlq"),
      (r) => r.length >= 1,
    );
    const status = await until(
      "the count",
      () => ws.status(),
      (s) => s?.metrics.deadLettered === 1,
    );
    await connector.close();
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect([text(letter!.key), text(letter!.value)]).toEqual(["bad", "{not json"]);
    expect(header(letter!, DEAD_LETTER_HEADERS.error)).toMatch(/not JSON/);
    expect(header(letter!, DEAD_LETTER_HEADERS.connector)).toBe("pg-poison-out");
    expect(header(letter!, DEAD_LETTER_HEADERS.stage)).toBe("sink postgres-sink");
    expect([header(letter!, DEAD_LETTER_HEADERS.topic), header(letter!, DEAD_LETTER_HEADERS.partition), header(letter!, DEAD_LETTER_HEADERS.offset)]).toEqual(["pg-poison", "0", "100"]);
    expect(status?.metrics.recordsOut).toBe(200);
    expect((await rows("poisoned")).map((r) => r.id)).toEqual(Array.from({ length: 200 }, (_, n) => n));
  });

  it("loses nothing while PostgreSQL is down within the retry window; beyond it fails naming the target, and a restart writes the rest", async () => {
    await createTable("flaky", true);
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: 5432 });
    const ws = await workspace();
    const through = `postgres://postgres@${proxy.address}/${database}`;
    const retry = { initialDelayMs: 50, maxDelayMs: 200 };
    try {
      await cluster.send("pg-flaky", orders(0, 200));
      let connector = await ws.start(sink("pg-flaky-out", "pg-flaky", { table: "flaky", url: through, mode: "upsert", keyColumns: ["id"] }, { errors: { retry: { ...retry, timeoutMs: 30_000 } } }));
      await until(
        "200 rows",
        () => count("flaky"),
        (n) => n === 200,
      );
      await proxy.down();
      await cluster.send("pg-flaky", orders(200, 400));
      await until(
        "retries",
        () => ws.status(),
        (s) => (s?.metrics.errors ?? 0) >= 2,
      );
      expect(await count("flaky")).toBe(200);
      await proxy.up();
      await until(
        "400 rows",
        () => count("flaky"),
        (n) => n === 400,
      );
      expect((await ws.status())?.state).toBe("running");
      await connector.close();

      await proxy.down();
      await cluster.send("pg-flaky", orders(400, 500));
      connector = await ws.start(sink("pg-flaky-out", "pg-flaky", { table: "flaky", url: through, mode: "upsert", keyColumns: ["id"] }, { errors: { retry: { ...retry, timeoutMs: 1_500 } } }));
      const failed = await until(
        "Failed",
        () => ws.status(),
        (s) => s?.state === "failed",
      );
      await connector.close();
      expect(failed?.reason).toMatch(new RegExp(`^writing to postgres-sink kept failing for \\d+ s \\(errors\\.retry\\.timeoutMs is 1500\\): .*${proxy.address}`));
      expect(await count("flaky")).toBe(400);

      await proxy.up();
      connector = await ws.start(sink("pg-flaky-out", "pg-flaky", { table: "flaky", url: through, mode: "upsert", keyColumns: ["id"] }));
      await until(
        "500 committed",
        () => committed("pg-flaky-out"),
        (n) => n === 500,
      );
      await connector.close();
    } finally {
      await proxy.down();
    }
    expect(await rows("flaky")).toEqual(Array.from({ length: 500 }, (_, n) => ({ id: n, name: `order-${n.toString()}`, off: String(n) })));
  });
});
