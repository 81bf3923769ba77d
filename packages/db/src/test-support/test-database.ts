import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../migrate.js";
import { readMigrations } from "../migrations/read-migrations.js";

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, closing whatever connections are still open on it. */
  drop(): Promise<void>;
}

// Any database on the test server works for CREATE/DROP DATABASE; `postgres` always exists.
const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// Serializes template builds and clones across test files running in parallel processes.
const templateLockKey = 72707370;

/**
 * A fresh database for one test file. `migrated` (the default) clones a template that holds every
 * migration, which takes milliseconds instead of running the SQL again; `empty` is a bare
 * database, for tests of the migration runner itself. Drop it in afterAll.
 */
export async function createTestDatabase(kind: "migrated" | "empty" = "migrated"): Promise<TestDatabase> {
  const name = `freshet_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(async (admin) => {
    if (kind === "empty") {
      await admin.query(`CREATE DATABASE "${name}"`);
      return;
    }
    await admin.query("SELECT pg_advisory_lock($1)", [templateLockKey]);
    try {
      const template = await ensureTemplate(admin);
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1)", [templateLockKey]);
    }
  });
  return {
    name,
    url: urlFor(name),
    drop: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

/**
 * The template is named after the migrations it holds, so an edited or added migration builds a
 * new one; templates of older migration sets are dropped then.
 */
async function ensureTemplate(admin: pg.Client): Promise<string> {
  const migrations = await readMigrations();
  const digest = createHash("sha256")
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex");
  const template = `freshet_template_${digest.slice(0, 16)}`;
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'freshet_template_%'`);
  if (rows.some((row) => row.datname === template)) return template;
  for (const stale of rows) await admin.query(`DROP DATABASE IF EXISTS "${stale.datname}" WITH (FORCE)`);
  // Built under a temporary name and renamed, so a run killed halfway leaves no half-migrated template.
  const building = `${template}_building`;
  await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${building}"`);
  await migrate(urlFor(building));
  await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
  return template;
}

function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}
