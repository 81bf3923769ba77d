#!/usr/bin/env node
import { databaseUrlFromEnv } from "./database-url.js";
import { migrate, MigrationError } from "./migrate.js";

try {
  const { applied } = await migrate(databaseUrlFromEnv());
  process.stdout.write(applied.length === 0 ? "database is up to date\n" : applied.map((name) => `applied ${name}\n`).join(""));
} catch (error) {
  if (!(error instanceof MigrationError)) throw error;
  process.stderr.write(`freshet-db-migrate: ${error.message}\n`);
  process.exitCode = 1;
}
