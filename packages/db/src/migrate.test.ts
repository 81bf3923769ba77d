import { createHash } from "node:crypto";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, MigrationError } from "./migrate.js";
import { defaultMigrationsDir, readMigrations } from "./migrations/read-migrations.js";
import { createTestDatabase, type TestDatabase } from "./test-support/test-database.js";

const databases: TestDatabase[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase("empty");
  databases.push(db);
  return db;
}
afterAll(async () => {
  for (const db of databases) await db.drop();
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}
const history = (url: string) => query<Row>(url, `SELECT migration_name, checksum, finished_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY started_at, migration_name`);

describe("migrate", () => {
  it("applies every migration once and records it as prisma migrate deploy does", async () => {
    const db = await emptyDatabase();
    const migrations = await readMigrations();
    expect(migrations.map((m) => m.name)).toEqual([
      "20261123000000_init",
      "20261124000000_api_key_role",
      "20261125000000_device_code",
      "20261206200000_cluster_tls_ca",
      "20261206200000_org_deletion_credential_creator",
      "20261207030000_billing",
      "20261207035500_promotion_code",
      "20261207060000_cluster_metrics",
      "20261207153000_connectors",
      "20261207190000_dataflows",
      "20261207220000_pipelines",
      "20261207230000_alerts",
      "20261208020000_hub",
    ]);

    expect(await migrate(db.url)).toEqual({
      applied: [
        "20261123000000_init",
        "20261124000000_api_key_role",
        "20261125000000_device_code",
        "20261206200000_cluster_tls_ca",
        "20261206200000_org_deletion_credential_creator",
        "20261207030000_billing",
        "20261207035500_promotion_code",
        "20261207060000_cluster_metrics",
        "20261207153000_connectors",
        "20261207190000_dataflows",
        "20261207220000_pipelines",
        "20261207230000_alerts",
        "20261208020000_hub",
      ],
    });
    expect(await migrate(db.url)).toEqual({ applied: [] });

    const rows = await history(db.url);
    expect(rows).toHaveLength(13);
    expect(rows[0]).toMatchObject({ migration_name: "20261123000000_init", applied_steps_count: 1, logs: null });
    expect(rows[0]?.finished_at).toBeInstanceOf(Date);
    const sql = await readFile(path.join(defaultMigrationsDir, "20261123000000_init", "migration.sql"));
    expect(rows[0]?.checksum).toBe(createHash("sha256").update(sql).digest("hex"));

    const tables = await query<{ tablename: string }>(db.url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    expect(tables.map((t) => t.tablename)).toEqual([
      "_prisma_migrations",
      "account",
      "alert_delivery",
      "alert_event",
      "alert_rule",
      "alert_webhook",
      "api_key",
      "audit_log",
      "billing_account",
      "billing_outbox",
      "budget_alert",
      "cluster",
      "cluster_credential",
      "cluster_metric_point",
      "connector",
      "credit_grant",
      "credit_ledger_entry",
      "dataflow",
      "device_code",
      "hub_download_day",
      "hub_group",
      "hub_key",
      "hub_package",
      "hub_version",
      "invitation",
      "invoice",
      "invoice_line",
      "member",
      "meter_cursor",
      "onboarding_request",
      "organization",
      "pipeline",
      "pipeline_version",
      "price_version",
      "promotion_code",
      "session",
      "stripe_event",
      "usage_event",
      "usage_hour",
      "user",
      "verification",
    ]);
  });

  it("serializes concurrent runners: each migration is applied by exactly one of them", async () => {
    const db = await emptyDatabase();
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    expect(results.flatMap((r) => r.applied)).toEqual([
      "20261123000000_init",
      "20261124000000_api_key_role",
      "20261125000000_device_code",
      "20261206200000_cluster_tls_ca",
      "20261206200000_org_deletion_credential_creator",
      "20261207030000_billing",
      "20261207035500_promotion_code",
      "20261207060000_cluster_metrics",
      "20261207153000_connectors",
      "20261207190000_dataflows",
      "20261207220000_pipelines",
      "20261207230000_alerts",
      "20261208020000_hub",
    ]);
    expect((await history(db.url)).map((r) => r.migration_name)).toEqual([
      "20261123000000_init",
      "20261124000000_api_key_role",
      "20261125000000_device_code",
      "20261206200000_cluster_tls_ca",
      "20261206200000_org_deletion_credential_creator",
      "20261207030000_billing",
      "20261207035500_promotion_code",
      "20261207060000_cluster_metrics",
      "20261207153000_connectors",
      "20261207190000_dataflows",
      "20261207220000_pipelines",
      "20261207230000_alerts",
      "20261208020000_hub",
    ]);
  });

  describe("with migrations of its own", () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "freshet-migrations-"));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const write = async (name: string, sql: string) => {
      await mkdir(path.join(dir, name));
      await writeFile(path.join(dir, name, "migration.sql"), sql);
    };

    it("records a failing migration's error, keeps its script atomic, and refuses to run again until it is resolved", async () => {
      const db = await emptyDatabase();
      await write("1_good", `CREATE TABLE a (id int);`);
      await write("2_bad", `CREATE TABLE b (id int);\nINSERT INTO missing VALUES (1);`);
      await write("3_later", `CREATE TABLE c (id int);`);

      const failure = await migrate(db.url, dir).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MigrationError);
      expect(failure).toMatchObject({ kind: "migration-failed", migration: "2_bad" });

      const rows = await history(db.url);
      expect(rows.map((r) => [r.migration_name, r.finished_at === null, r.logs])).toEqual([
        ["1_good", false, null],
        ["2_bad", true, 'relation "missing" does not exist'],
      ]);
      const tables = await query<{ tablename: string }>(db.url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('a','b','c') ORDER BY 1`);
      expect(tables.map((t) => t.tablename)).toEqual(["a"]);

      const again = await migrate(db.url, dir).catch((error: unknown) => error);
      expect(again).toMatchObject({ kind: "failed-migration-present", migration: "2_bad" });

      // What `prisma migrate resolve --rolled-back` does; then a fixed script applies.
      await query(db.url, `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '2_bad'`);
      await writeFile(path.join(dir, "2_bad", "migration.sql"), `CREATE TABLE b (id int);`);
      expect(await migrate(db.url, dir)).toEqual({ applied: ["2_bad", "3_later"] });
    });

    it("refuses when an applied migration was edited afterwards", async () => {
      const db = await emptyDatabase();
      await write("1_first", `CREATE TABLE a (id int);`);
      await migrate(db.url, dir);
      await writeFile(path.join(dir, "1_first", "migration.sql"), `CREATE TABLE a (id bigint);`);
      await write("2_second", `CREATE TABLE b (id int);`);

      const failure = await migrate(db.url, dir).catch((error: unknown) => error);
      expect(failure).toMatchObject({ kind: "checksum-mismatch", migration: "1_first" });
      expect((await history(db.url)).map((r) => r.migration_name)).toEqual(["1_first"]);
    });
  });
});
