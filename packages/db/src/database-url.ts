/** The developer machine's database (Postgres on loopback, trust auth); the default of every program's DATABASE_URL. */
export const localDatabaseUrl = "postgresql://postgres@127.0.0.1:5432/freshet";

/** DATABASE_URL (a postgres:// URL) when set, otherwise the local default. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL ?? localDatabaseUrl;
}
