import type pg from "pg";
import type { InsertStatement } from "./insert-statement.js";
import { isRowError } from "./postgres-errors.js";
import type { ColumnValue } from "./record-row.js";

export interface RefusedRow {
  readonly index: number;
  readonly error: pg.DatabaseError;
}

/**
 * Writes rows in one transaction with multi-row INSERTs. When one row breaks the batch, the
 * transaction is redone a row at a time under savepoints to find it: the rows before it are
 * committed and the refused one is returned.
 */
export class RowWriter {
  constructor(private readonly statement: InsertStatement) {}

  async writeInTransaction(client: pg.PoolClient, rows: readonly ColumnValue[][], signal: AbortSignal): Promise<RefusedRow | undefined> {
    if (rows.length === 0) return undefined;
    await client.query("BEGIN");
    try {
      try {
        await this.#insertBatches(client, rows, signal);
      } catch (error) {
        if (!isRowError(error)) throw error;
        await client.query("ROLLBACK");
        await client.query("BEGIN");
        const refused = await this.#insertOneByOne(client, rows, signal);
        await client.query("COMMIT");
        return refused;
      }
      await client.query("COMMIT");
      return undefined;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  async #insertBatches(client: pg.PoolClient, rows: readonly ColumnValue[][], signal: AbortSignal): Promise<void> {
    const size = this.statement.maxRows;
    const unique = this.statement.lastPerKey(rows);
    for (let start = 0; start < unique.length; start += size) {
      signal.throwIfAborted();
      const chunk = unique.slice(start, start + size);
      await client.query(this.statement.sql(chunk.length), chunk.flat());
    }
  }

  async #insertOneByOne(client: pg.PoolClient, rows: readonly ColumnValue[][], signal: AbortSignal): Promise<RefusedRow | undefined> {
    const single = this.statement.sql(1);
    for (const [index, row] of rows.entries()) {
      signal.throwIfAborted();
      await client.query("SAVEPOINT freshet_row");
      try {
        await client.query(single, row);
      } catch (error) {
        if (!isRowError(error)) throw error;
        await client.query("ROLLBACK TO SAVEPOINT freshet_row");
        return { index, error };
      }
      await client.query("RELEASE SAVEPOINT freshet_row");
    }
    return undefined;
  }
}
