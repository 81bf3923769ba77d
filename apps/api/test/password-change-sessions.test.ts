import { afterAll, beforeAll, expect, it } from "vitest";
import { newId } from "@freshet/db/ids";
import { authPost, codeOf, passwordOf, sessionCookie, signUp, startTestApi, trpcClient, type TestApi } from "./support/api-harness.js";

// Someone who changes (or resets) a password they believe leaked must not stay signed in elsewhere.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

async function signIn(email: string, password = passwordOf(email)): Promise<string> {
  const response = await authPost(api, "/sign-in/email", { email, password });
  expect(response.status).toBe(200);
  return sessionCookie(response);
}

/** The session token behind a cookie, as the CLI holds it after `freshet cloud login --device`. */
async function tokenOf(cookie: string): Promise<string> {
  const sessions = await api.prisma.session.findMany({ orderBy: { createdAt: "desc" } });
  const token = sessions.find((s) => decodeURIComponent(cookie).includes(`${s.token}.`))?.token;
  if (token === undefined) throw new Error("no session for that cookie");
  return token;
}

it("changing the password ends every other session, even when the caller asks to keep them", async () => {
  const email = "ada@example.com";
  const current = await signUp(api, email);
  const otherBrowser = await signIn(email);
  const cli = trpcClient(api, { bearer: await tokenOf(await signIn(email)) });
  expect(await codeOf(() => cli.me.get.query())).toBe("OK");

  const response = await authPost(api, "/change-password", { currentPassword: passwordOf(email), newPassword: "a-new-long-password", revokeOtherSessions: false }, { cookie: current });
  expect(response.status).toBe(200);

  expect(await codeOf(() => trpcClient(api, { cookie: otherBrowser }).me.get.query())).toBe("UNAUTHORIZED");
  expect(await codeOf(() => cli.me.get.query())).toBe("UNAUTHORIZED");
  // The browser that changed it carries on with the session cookie of the answer.
  expect(await codeOf(() => trpcClient(api, { cookie: sessionCookie(response) }).me.get.query())).toBe("OK");
  expect(await api.prisma.session.count({ where: { user: { email } } })).toBe(1);
});

it("resetting the password ends every session", async () => {
  const email = "bob@example.com";
  const first = await signUp(api, email);
  const second = await signIn(email);
  const user = await api.prisma.user.findUniqueOrThrow({ where: { email } });
  // What the reset email's link carries; sending it is not what this test is about.
  await api.prisma.verification.create({ data: { id: newId("verification"), identifier: "reset-password:reset-token-1", value: user.id, expiresAt: new Date(Date.now() + 600_000) } });

  const response = await authPost(api, "/reset-password", { token: "reset-token-1", newPassword: "another-long-password" });
  expect(response.status).toBe(200);
  for (const cookie of [first, second]) expect(await codeOf(() => trpcClient(api, { cookie }).me.get.query())).toBe("UNAUTHORIZED");
  const signedInAgain = await signIn(email, "another-long-password");
  expect(await codeOf(() => trpcClient(api, { cookie: signedInAgain }).me.get.query())).toBe("OK");
});
