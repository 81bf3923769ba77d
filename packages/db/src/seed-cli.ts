#!/usr/bin/env node
import { createPrismaClient } from "./client.js";
import { databaseUrlFromEnv } from "./database-url.js";
import { seed } from "./seed.js";

const prisma = createPrismaClient(databaseUrlFromEnv());
try {
  const result = await seed(prisma);
  process.stdout.write(`staff user ${result.staffUserId} owns org ${result.orgId}\n`);
} finally {
  await prisma.$disconnect();
}
