import { defineConfig } from "prisma/config";
import { databaseUrlFromEnv } from "./src/database-url.js";

// The URL falls back to the local default instead of using env("DATABASE_URL"), which throws
// when the variable is unset and would break `prisma generate` on a fresh checkout.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: databaseUrlFromEnv() },
});
