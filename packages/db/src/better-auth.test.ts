import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { organization } from "better-auth/plugins";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "./client.js";
import { idPrefixes, isId, newId, type IdKind } from "./ids.js";
import { createTestDatabase, type TestDatabase } from "./test-support/test-database.js";

// The schema carries better-auth's tables; this drives the pinned better-auth through its Prisma
// adapter against them, so a renamed field or a wrong type shows up here and not in the API.
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

it("signs up, signs in and creates an org whose creator is its owner", async () => {
  const auth = betterAuth({
    baseURL: "http://127.0.0.1:3000",
    secret: "test-secret-test-secret-test-secret",
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true },
    plugins: [organization()],
    advanced: { database: { generateId: ({ model }) => (model in idPrefixes ? newId(model as IdKind) : false) } },
    telemetry: { enabled: false },
  });

  const signUp = await auth.api.signUpEmail({ body: { email: "ada@example.com", password: "correct horse battery", name: "Ada" } });
  expect(isId("user", signUp.user.id)).toBe(true);
  const signIn = await auth.api.signInEmail({ body: { email: "ada@example.com", password: "correct horse battery" }, returnHeaders: true });
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
  const headers = new Headers({ cookie });

  const org = await auth.api.createOrganization({ body: { name: "Acme", slug: "acme" }, headers });
  expect(isId("organization", org?.id ?? "")).toBe(true);

  const members = await prisma.member.findMany({ where: { organizationId: org?.id }, include: { user: true } });
  expect(members.map((m) => [m.user.email, m.role, isId("member", m.id)])).toEqual([["ada@example.com", "owner", true]]);
  const account = await prisma.account.findFirstOrThrow({ where: { userId: signUp.user.id } });
  expect(account.providerId).toBe("credential");
  expect(await prisma.user.findUniqueOrThrow({ where: { id: signUp.user.id } })).toMatchObject({ isStaff: false, emailVerified: false });
});
