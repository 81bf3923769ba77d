import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";

export * from "./generated/prisma/client.js";

/** A Prisma Client over node-postgres (Prisma 7 needs a driver adapter; there is no query engine binary). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    // Prisma's defaults (2 s to get a connection, 5 s for the whole interactive transaction) fail
    // money movements on a busy host; waiting longer costs nothing when the host is idle.
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
}
