import { afterAll, beforeAll, expect, it } from "vitest";
import { SignInLimiter } from "../src/auth/sign-in-limiter.js";
import { authPost, passwordOf, signUp, startTestApi, type TestApi } from "./support/api-harness.js";

let api: TestApi;
let now = 1_000_000;
beforeAll(async () => {
  api = await startTestApi({ signInLimiter: new SignInLimiter({ maxFailures: 5, windowMs: 60_000, now: () => now }) });
  await signUp(api, "ada@example.com");
  await signUp(api, "bob@example.com");
});
afterAll(() => api.close());

const signIn = (email: string, password: string) => authPost(api, "/sign-in/email", { email, password });

it("answers 429 after 5 failed sign-ins per address and email within a minute, until the window moves on", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await signIn("ada@example.com", "wrong password")).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401]);

  now += 10_000;
  const limited = await signIn("ADA@example.com", passwordOf("ada@example.com"));
  expect(limited.status).toBe(429);
  expect(limited.headers.get("retry-after")).toBe("50");
  expect(await limited.json()).toEqual({ code: "TOO_MANY_REQUESTS", message: "Too many failed sign-ins. Try again in 50 seconds." });

  // Another account from the same address is not affected.
  expect((await signIn("bob@example.com", passwordOf("bob@example.com"))).status).toBe(200);

  now += 50_001;
  const after = await signIn("ada@example.com", passwordOf("ada@example.com"));
  expect(after.status).toBe(200);
  expect(after.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_token="))).toBe(true);
});

it("forgets failures after a successful sign-in", async () => {
  for (let i = 0; i < 4; i++) expect((await signIn("bob@example.com", "wrong password")).status).toBe(401);
  expect((await signIn("bob@example.com", passwordOf("bob@example.com"))).status).toBe(200);
  for (let i = 0; i < 4; i++) expect((await signIn("bob@example.com", "wrong password")).status).toBe(401);
  expect((await signIn("bob@example.com", passwordOf("bob@example.com"))).status).toBe(200);
});
