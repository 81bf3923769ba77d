import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface MigrationFile {
  /** The folder name, `<timestamp>_<name>`, which is what `_prisma_migrations.migration_name` holds. */
  name: string;
  sql: string;
  /** Lowercase hex SHA-256 of migration.sql as read, the checksum Prisma records. */
  checksum: string;
}

/** This package's prisma/migrations, from src/ in development and from dist/ once built. */
export const defaultMigrationsDir = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

/** The migrations of a Prisma migrations folder in the order Prisma applies them (by folder name). */
export async function readMigrations(dir: string = defaultMigrationsDir): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    }),
  );
}
