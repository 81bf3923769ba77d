import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Prisma 6's "js" engine runs the schema engine as WebAssembly through a driver adapter, so
// `migrate diff` works without the native binary that cannot be downloaded here. Diffing two
// datamodels never connects; the adapter only has to exist.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" }),
});
