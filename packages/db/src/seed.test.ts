import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "./client.js";
import { isId } from "./ids.js";
import { seed } from "./seed.js";
import { createTestDatabase, type TestDatabase } from "./test-support/test-database.js";

let db: TestDatabase;
let prisma: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

it("seeds one staff user owning one org, and a second run changes nothing", async () => {
  const first = await seed(prisma);
  expect([isId("user", first.staffUserId), isId("organization", first.orgId), isId("member", first.memberId)]).toEqual([true, true, true]);

  const second = await seed(prisma);
  expect(second).toEqual(first);
  const users = await prisma.user.findMany({ include: { members: { include: { organization: true } } } });
  expect(users.map((u) => [u.email, u.isStaff, u.members.map((m) => [m.role, m.organization.slug])])).toEqual([["staff@freshet.local", true, [["owner", "freshet"]]]]);
  expect([await prisma.organization.count(), await prisma.member.count()]).toEqual([1, 1]);
});
