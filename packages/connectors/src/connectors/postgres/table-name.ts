import pg from "pg";

/** `schema.table` or `table` as a quoted SQL name; quoting keeps any character and the case as written. */
export function quotedTableName(table: string): string {
  return table
    .split(".")
    .map((part) => pg.escapeIdentifier(part))
    .join(".");
}
