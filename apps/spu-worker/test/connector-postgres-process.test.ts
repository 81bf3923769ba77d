/*
 * The built-in postgres-sink as a `--role connector` process, killed with SIGKILL mid-stream and
 * started again: upsert makes the redelivered records rewrite their rows, so every row is there
 * exactly once.
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { readConnectorOffsets } from "@freshet/connectors/offsets";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const RECORDS = 20_000;
const database = `freshet_pgkill_${randomBytes(4).toString("hex")}`;
const adminUrl = "postgres://postgres@127.0.0.1:5432/postgres";
const url = `postgres://postgres@127.0.0.1:5432/${database}`;
let broker: SpuProcess;
let dir: string;
let client: FreshetClient;
let db: pg.Client;

async function onAdmin(sql: string): Promise<void> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(sql);
  await admin.end();
}

beforeAll(async () => {
  dir = await makeDataDir();
  await onAdmin(`CREATE DATABASE ${database}`);
  db = new pg.Client(url);
  await db.connect();
  await db.query("CREATE TABLE orders (id int PRIMARY KEY, name text NOT NULL, off bigint NOT NULL)");
  broker = await startSpu({ args: ["--group-initial-rebalance-delay-ms", "0"] });
  client = createClient({ bootstrap: broker.bootstrap });
});

afterAll(async () => {
  await client?.close();
  await broker?.stop();
  await removeDataDir(broker?.dataDir ?? "");
  await removeDataDir(dir);
  await db?.end();
  await onAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

/** A connector process for the YAML `document`, with its own data directory. */
async function startConnector(document: Record<string, unknown>): Promise<SpuProcess> {
  const configPath = join(dir, `${String(document["name"])}.yaml`);
  await writeFile(configPath, stringify({ ...document, cluster: { bootstrap: broker.bootstrap } }));
  const dataDir = join(dir, `${String(document["name"])}-data`);
  await mkdir(dataDir, { recursive: true });
  return startSpu({ dataDir, args: ["--role", "connector", "--connector-config", configPath, "--log-level", "warn"] });
}

const rowCount = async (): Promise<number> => Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM orders")).rows[0]!.n);

describe("a postgres-sink process", () => {
  it("killed mid-stream and restarted writes every row exactly once (upsert)", async () => {
    await client.admin.createTopics([{ name: "orders", partitions: 3 }]);
    const producer = client.producer();
    for (let start = 0; start < RECORDS; start += 1_000) {
      await producer.send(
        "orders",
        Array.from({ length: 1_000 }, (_, n) => ({ key: String(start + n), value: JSON.stringify({ id: start + n, name: `order-${(start + n).toString()}` }) })),
      );
    }
    const document = {
      name: "orders-to-pg",
      type: "postgres-sink",
      topics: ["orders"],
      delivery: { batchSize: 200 },
      config: { url, table: "orders", mode: "upsert", keyColumns: ["id"], columns: { id: "id", name: "name", off: "$offset" } },
    };
    let connector = await startConnector(document);
    await eventually("rows written", async () => ((await rowCount()) >= 2_000 ? true : undefined), 60_000);
    await connector.kill();
    const beforeRestart = await rowCount();
    connector = await startConnector(document);
    await eventually(
      "every offset committed",
      async () => {
        const offsets = await readConnectorOffsets(client, { name: "orders-to-pg", kind: "sink" });
        return offsets.kind === "sink" && offsets.partitions.reduce((sum, p) => sum + p.offset, 0) === RECORDS ? true : undefined;
      },
      60_000,
    );
    expect(await connector.stop()).toBe(0);
    const rows = await db.query<{ id: number; name: string }>("SELECT id, name FROM orders ORDER BY id");
    expect(rows.rows).toEqual(Array.from({ length: RECORDS }, (_, id) => ({ id, name: `order-${id.toString()}` })));
    expect(beforeRestart).toBeLessThan(RECORDS);
    console.info(`postgres-sink: ${beforeRestart.toString()} rows before SIGKILL, ${RECORDS.toString()} distinct rows after restart`);
  });
});
