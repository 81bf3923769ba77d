import pg from "pg";
import { BATCH } from "./bench-records.js";
import { inBatches } from "./batch-pump.js";
import type { BenchContext } from "./bench-context.js";
import type { Direction } from "./direction.js";
import { secondsSince } from "./until.js";

/** The machine's PostgreSQL (ENVIRONMENT.md); each run gets a table of its own, dropped after. */
const POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const decoder = new TextDecoder();

async function withTable<T>(context: BenchContext, work: (db: pg.Client, table: string) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: POSTGRES_URL });
  await db.connect();
  const table = context.name("bench_pg").replaceAll("-", "_");
  try {
    await db.query(`CREATE TABLE ${table} (id int NOT NULL, name text NOT NULL, value double precision NOT NULL)`);
    return await work(db, table);
  } finally {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.end();
  }
}

export const postgresSink: Direction = {
  type: "postgres-sink",
  path: "topic → table (3 columns from JSON)",
  plain: "consume + pg multi-row INSERT per batch",
  async connector(context) {
    const topic = await context.filledTopic(context.local, "pg");
    return withTable(context, (db, table) =>
      context.timeConnector(
        {
          name: context.name("postgres-sink"),
          type: "postgres-sink",
          topics: [topic],
          cluster: { bootstrap: context.local.bootstrap },
          config: { url: POSTGRES_URL, table, columns: { id: "id", name: "name", value: "value" } },
        },
        `${context.records.toString()} rows in ${table}`,
        async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n) >= context.records,
      ),
    );
  },
  async plainLoop(context) {
    const topic = await context.filledTopic(context.local, "pg");
    return withTable(context, async (db, table) => {
      const start = performance.now();
      const writer = new pg.Client({ connectionString: POSTGRES_URL });
      await writer.connect();
      try {
        await inBatches(context.read(context.local, topic), BATCH, async (records) => {
          const rows = records.map((r) => JSON.parse(decoder.decode(r.value!)) as { id: number; name: string; value: number });
          const placeholders = rows.map((_, i) => `($${(3 * i + 1).toString()}, $${(3 * i + 2).toString()}, $${(3 * i + 3).toString()})`).join(", ");
          await writer.query(
            `INSERT INTO ${table} (id, name, value) VALUES ${placeholders}`,
            rows.flatMap((row) => [row.id, row.name, row.value]),
          );
        });
        return secondsSince(start);
      } finally {
        await writer.end();
      }
    });
  },
};
