import pg from "pg";
import type { ColumnValue } from "./record-row.js";
import { quotedTableName } from "./table-name.js";

/** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
export const MAX_PARAMETERS = 65_535;

/**
 * Builds `INSERT INTO t (cols) VALUES (…),(…)` for a number of rows, plus
 * `ON CONFLICT (keys) DO UPDATE` in upsert mode so a redelivered record rewrites its row.
 */
export class InsertStatement {
  readonly #prefix: string;
  readonly #suffix: string;
  readonly #width: number;
  /** Upsert: positions of the key columns in a row. */
  readonly #keyPositions: readonly number[] | undefined;

  constructor(table: string, columns: readonly string[], keyColumns: readonly string[] | undefined) {
    const quoted = columns.map((c) => pg.escapeIdentifier(c));
    this.#width = columns.length;
    this.#keyPositions = keyColumns?.map((k) => columns.indexOf(k));
    this.#prefix = `INSERT INTO ${quotedTableName(table)} (${quoted.join(", ")}) VALUES `;
    if (keyColumns === undefined) {
      this.#suffix = "";
    } else {
      const updated = columns.filter((c) => !keyColumns.includes(c)).map((c) => `${pg.escapeIdentifier(c)} = EXCLUDED.${pg.escapeIdentifier(c)}`);
      const target = keyColumns.map((c) => pg.escapeIdentifier(c)).join(", ");
      this.#suffix = updated.length === 0 ? ` ON CONFLICT (${target}) DO NOTHING` : ` ON CONFLICT (${target}) DO UPDATE SET ${updated.join(", ")}`;
    }
  }

  /** Most rows one statement may carry. */
  get maxRows(): number {
    return Math.floor(MAX_PARAMETERS / this.#width);
  }

  /**
   * Upsert: one row per key, the last one, as a redelivery would leave it. PostgreSQL refuses an
   * INSERT … ON CONFLICT DO UPDATE that touches a row twice.
   */
  lastPerKey(rows: readonly ColumnValue[][]): readonly ColumnValue[][] {
    const positions = this.#keyPositions;
    if (positions === undefined) return rows;
    const byKey = new Map<string, ColumnValue[]>();
    for (const row of rows) {
      const key = JSON.stringify(positions.map((p) => row[p]));
      byKey.delete(key);
      byKey.set(key, row);
    }
    return byKey.size === rows.length ? rows : [...byKey.values()];
  }

  sql(rows: number): string {
    const tuples: string[] = [];
    for (let row = 0; row < rows; row++) {
      const base = row * this.#width;
      tuples.push(`(${Array.from({ length: this.#width }, (_, i) => `$${(base + i + 1).toString()}`).join(", ")})`);
    }
    return this.#prefix + tuples.join(", ") + this.#suffix;
  }
}
