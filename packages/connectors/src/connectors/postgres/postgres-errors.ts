import pg from "pg";
import { PermanentError } from "../../kit/errors.js";

/**
 * Errors one row causes (bad data, a constraint it breaks, two rows of one upsert with the same key):
 * the batch is retried row by row to find it. SQLSTATE classes 22 and 23, and 21000.
 */
export function isRowError(error: unknown): error is pg.DatabaseError {
  return error instanceof pg.DatabaseError && (error.code?.startsWith("22") === true || error.code?.startsWith("23") === true || error.code === "21000");
}

/** A plain sentence for errors retrying cannot fix, or undefined when the error may pass (connection lost, server starting). */
function permanentMessage(error: pg.DatabaseError, table: string): string | undefined {
  const code = error.code ?? "";
  if (code === "28P01" || code === "28000") return `PostgreSQL refused the credentials in config.url: ${error.message}.`;
  if (code === "3D000") return `the database in config.url does not exist: ${error.message}.`;
  if (code === "42P01") return `the table ${table} does not exist: ${error.message}.`;
  if (code === "42703") return `a column in config.columns does not exist in ${table}: ${error.message}.`;
  if (code === "42P10") return `config.keyColumns are not the primary key or a unique constraint of ${table}: ${error.message}.`;
  if (code === "42501") return `the user in config.url may not write to ${table}: ${error.message}.`;
  // Other syntax or access rule violations (class 42) and invalid authorization (class 28) do not heal.
  if (code.startsWith("42") || code.startsWith("28")) return `PostgreSQL refused the write to ${table}: ${error.message}.`;
  return undefined;
}

/** The error to throw for a failed statement or connection: PermanentError when retrying cannot help, else the error itself. */
export function classifyPostgresError(error: unknown, table: string): unknown {
  if (!(error instanceof pg.DatabaseError)) return error;
  const message = permanentMessage(error, table);
  return message === undefined ? error : new PermanentError(message, { cause: error });
}
