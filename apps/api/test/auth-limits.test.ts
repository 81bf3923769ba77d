import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthLimits } from "../src/auth/auth-limits.js";
import { authPost, passwordOf, signUp, startTestApi, type TestApi } from "./support/api-harness.js";

let api: TestApi;
let now = 1_000_000;
beforeAll(async () => {
  // The API trusts X-Forwarded-For here, as behind the console: each test picks its client's address.
  api = await startTestApi({ authLimits: createAuthLimits(() => now), trustProxy: true });
  for (const email of ["ada@example.com", "bob@example.com", "cy@example.com"]) await signUp(api, email);
});
afterAll(() => api.close());

const signIn = (email: string, password: string, address = "203.0.113.1") => authPost(api, "/sign-in/email", { email, password }, { "x-forwarded-for": address });
const createAccount = (email: string, address: string) =>
  authPost(api, "/sign-up/email", { email, password: passwordOf(email), name: email.split("@")[0] }, { "x-forwarded-for": address });

describe("sign-in", () => {
  it("answers 429 after 5 failed sign-ins per address and email within a minute, until the window moves on", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn("ada@example.com", "wrong password")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    now += 10_000;
    const limited = await signIn("ADA@example.com", passwordOf("ada@example.com"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("50");
    expect(await limited.json()).toEqual({ code: "TOO_MANY_REQUESTS", message: "Too many failed sign-ins. Try again in 50 seconds." });

    // Another account from the same address, and the same account from another address, are not affected.
    expect((await signIn("bob@example.com", passwordOf("bob@example.com"))).status).toBe(200);
    expect((await signIn("ada@example.com", passwordOf("ada@example.com"), "198.51.100.7")).status).toBe(200);

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

  it("locks an account for 15 minutes after 20 failures spread over many addresses", async () => {
    // Four tries from each of five addresses: no single address reaches its own limit.
    for (let i = 0; i < 20; i++) expect((await signIn("cy@example.com", "wrong password", `192.0.2.${Math.floor(i / 4)}`)).status).toBe(401);
    const limited = await signIn("cy@example.com", passwordOf("cy@example.com"), "192.0.2.200");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("900");
    // Other accounts from those addresses are not affected.
    expect((await signIn("bob@example.com", passwordOf("bob@example.com"), "192.0.2.0")).status).toBe(200);

    now += 15 * 60_000 + 1;
    expect((await signIn("cy@example.com", passwordOf("cy@example.com"), "192.0.2.200")).status).toBe(200);
  });
});

describe("sign-up", () => {
  it("creates at most 10 accounts an hour from one address; others can still sign up", async () => {
    for (let i = 0; i < 10; i++) expect((await createAccount(`bulk${i}@example.com`, "203.0.113.50")).status).toBe(200);
    const limited = await createAccount("bulk10@example.com", "203.0.113.50");
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ code: "TOO_MANY_REQUESTS", message: "Too many accounts created from this address. Try again in 3600 seconds." });
    expect(await api.prisma.user.count({ where: { email: "bulk10@example.com" } })).toBe(0);

    expect((await createAccount("someone@example.com", "203.0.113.51")).status).toBe(200);
    now += 60 * 60_000 + 1;
    expect((await createAccount("bulk10@example.com", "203.0.113.50")).status).toBe(200);
  });

  it("does not count a refused sign-up (an email already taken) against the address", async () => {
    for (let i = 0; i < 12; i++) expect((await createAccount("ada@example.com", "203.0.113.60")).status).not.toBe(429);
  });
});

describe("device login", () => {
  it("starts at most 20 CLI logins an hour from one address", async () => {
    const start = (address: string) => authPost(api, "/device/code", { client_id: "freshet-cli" }, { "x-forwarded-for": address });
    for (let i = 0; i < 20; i++) expect((await start("203.0.113.70")).status).toBe(200);
    const limited = await start("203.0.113.70");
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ code: "TOO_MANY_REQUESTS", message: "Too many CLI logins started from this address. Try again in 3600 seconds." });
    expect((await start("203.0.113.71")).status).toBe(200);
  });
});
