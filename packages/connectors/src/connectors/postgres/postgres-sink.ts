import pg from "pg";
import { defineSink } from "../../kit/connector.js";
import { RecordError } from "../../kit/errors.js";
import type { SinkRecord } from "../../kit/record.js";
import { errorText } from "../error-text.js";
import { InsertStatement } from "./insert-statement.js";
import { classifyPostgresError, isRowError } from "./postgres-errors.js";
import { postgresSinkConfig, type PostgresSinkConfig } from "./postgres-sink-config.js";
import { RecordRowMapper, type ColumnValue } from "./record-row.js";
import { RowWriter } from "./row-writer.js";

function statementOf(config: PostgresSinkConfig): InsertStatement {
  return new InsertStatement(config.table, Object.keys(config.columns), config.mode === "upsert" ? config.keyColumns : undefined);
}

export default defineSink({
  type: "postgres-sink",
  kind: "sink",
  description: "Writes records as rows of a PostgreSQL table, inserted or upserted by key, with columns mapped from the record's JSON value and metadata.",
  config: postgresSinkConfig,

  async check({ config }) {
    const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: 10_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
    } catch (error) {
      const classified = classifyPostgresError(error, config.table);
      return { ok: false, message: classified instanceof Error && classified !== error ? classified.message : `cannot connect to PostgreSQL with config.url: ${errorText(error)}.` };
    }
    try {
      // EXPLAIN plans the real statement without running it: table, columns, conflict target and privileges are all checked.
      const statement = statementOf(config);
      await client.query(
        `EXPLAIN ${statement.sql(1)}`,
        Object.keys(config.columns).map(() => null),
      );
      return { ok: true, detail: `PostgreSQL accepts ${config.mode} into ${config.table}` };
    } catch (error) {
      const classified = classifyPostgresError(error, config.table);
      return { ok: false, message: classified instanceof Error ? classified.message : `PostgreSQL refused the statement: ${errorText(error)}.` };
    } finally {
      await client.end().catch(() => undefined);
    }
  },

  async open({ config, name, logger }) {
    // One connection: writes are serial, and the pool replaces it after it breaks.
    const pool = new pg.Pool({ connectionString: config.url, max: 1, connectionTimeoutMillis: 10_000, application_name: `freshet-${name}` });
    pool.on("error", (error) => logger.warn({ err: error }, "an idle PostgreSQL connection failed; the next write reconnects"));
    const mapper = new RecordRowMapper(Object.values(config.columns));
    const writer = new RowWriter(statementOf(config));
    let closed = false;

    return {
      async write(records: readonly SinkRecord[], signal: AbortSignal): Promise<void> {
        const mapped = records.map((r) => mapper.map(r));
        const unmappable = mapped.findIndex((m) => !m.ok);
        const rows: ColumnValue[][] = [];
        for (const m of unmappable < 0 ? mapped : mapped.slice(0, unmappable)) if (m.ok) rows.push(m.values);
        signal.throwIfAborted();

        const client = await pool.connect().catch((error: unknown) => {
          throw classifyPostgresError(error, config.table);
        });
        // A connection cut while idle may only say so once checked out; its queries then fail and are retried.
        const onError = (error: Error): void => logger.warn({ err: error }, "the PostgreSQL connection failed during a write");
        client.on("error", onError);
        let connectionBroken = false;
        try {
          const refused = await writer.writeInTransaction(client, rows, signal);
          if (refused !== undefined) throw new RecordError(refused.index, `PostgreSQL refused the row: ${refused.error.message}`, { cause: refused.error });
        } catch (error) {
          if (error instanceof RecordError) throw error;
          connectionBroken = !(error instanceof pg.DatabaseError) || !isRowError(error);
          throw classifyPostgresError(error, config.table);
        } finally {
          client.off("error", onError);
          client.release(connectionBroken);
        }
        const failed = mapped[unmappable];
        if (failed !== undefined && !failed.ok) throw new RecordError(unmappable, failed.error);
      },

      async close(): Promise<void> {
        if (closed) return;
        closed = true;
        await pool.end();
      },
    };
  },
});
