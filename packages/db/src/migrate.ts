import { randomUUID } from "node:crypto";
import pg from "pg";
import { MigrationError } from "./migrations/migration-error.js";
import { defaultMigrationsDir, readMigrations } from "./migrations/read-migrations.js";

export { MigrationError, type MigrationErrorKind } from "./migrations/migration-error.js";

// The key `prisma migrate deploy` locks, so our runner and real Prisma also exclude each other.
const advisoryLockKey = 72707369;

// Prisma's own bookkeeping table, column for column, so real Prisma accepts the history we write.
const createBookkeepingTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrateResult {
  /** Names of the migrations this run applied, in order; empty when the database was current. */
  applied: string[];
}

/**
 * Applies pending migrations the way `prisma migrate deploy` does (Prisma's CLI cannot run
 * here: its schema engine is a native binary that cannot be downloaded). Runners serialize on
 * Prisma's advisory lock; each migration runs as one simple query, so Postgres applies it
 * atomically, and its outcome is recorded in `_prisma_migrations`.
 */
export async function migrate(databaseUrl: string, migrationsDir: string = defaultMigrationsDir): Promise<MigrateResult> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [advisoryLockKey]);
    try {
      return await applyPending(client, migrations);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [advisoryLockKey]);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(client: pg.Client, migrations: Awaited<ReturnType<typeof readMigrations>>): Promise<MigrateResult> {
  await client.query(createBookkeepingTable);
  const { rows } = await client.query<MigrationRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`);
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      "failed-migration-present",
      failed.migration_name,
      `migration ${failed.migration_name} failed earlier and is neither finished nor rolled back; fix the database, then mark it rolled back`,
    );
  }
  const applied = new Map(rows.filter((row) => row.rolled_back_at === null).map((row) => [row.migration_name, row.checksum]));
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new MigrationError("checksum-mismatch", migration.name, `migration ${migration.name} was edited after it was applied`);
    }
  }

  const done: string[] = [];
  for (const migration of migrations.filter((m) => !applied.has(m.name))) {
    const id = randomUUID();
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)`, [id, migration.checksum, migration.name]);
    try {
      await client.query(migration.sql);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
      throw new MigrationError("migration-failed", migration.name, `migration ${migration.name} failed: ${message}`, { cause: error });
    }
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
    done.push(migration.name);
  }
  return { applied: done };
}
