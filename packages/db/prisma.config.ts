import { defineConfig } from "prisma/config";

// The URL falls back to the local default instead of using env("DATABASE_URL"), which throws
// when the variable is unset and would break `prisma generate` on a fresh checkout.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/freshet" },
});
