import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthLimits } from "../src/auth/auth-limits.js";
import { authPost, passwordOf, signUp, startTestApi, viaProxyFrom, type TestApi } from "./support/api-harness.js";

let api: TestApi;
let now = 1_000_000;
beforeAll(async () => {
  // The API runs behind the console's proxy here: each test picks its client's address.
  api = await startTestApi({ authLimits: createAuthLimits(() => now), behindProxy: true });
  for (const email of ["ada@example.com", "bob@example.com", "cy@example.com", "dee@example.com", "eve@example.com"]) await signUp(api, email);
});
afterAll(() => api.close());

const signIn = (email: string, password: string, address = "203.0.113.1") => authPost(api, "/sign-in/email", { email, password }, viaProxyFrom(address));
const createAccount = (email: string, address: string) => authPost(api, "/sign-up/email", { email, password: passwordOf(email), name: email.split("@")[0] }, viaProxyFrom(address));
/** `count` wrong passwords for `email` from `address`, at most 5 a minute (the per-address-and-account limit). */
async function guess(email: string, address: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % 5 === 0) now += 60_001;
    expect((await signIn(email, "wrong password", address)).status).toBe(401);
  }
}

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

  it("closes an account to new addresses for 15 minutes after 20 failures spread over many addresses", async () => {
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

  it("does not lock the owner out: 20 wrong passwords from one address leave the owner's own address working", async () => {
    expect((await signIn("dee@example.com", passwordOf("dee@example.com"), "198.51.100.20")).status).toBe(200);
    await guess("dee@example.com", "203.0.113.66", 20);
    // The guesser's address is slowed, and strangers to the account wait out the window ...
    expect((await signIn("dee@example.com", passwordOf("dee@example.com"), "203.0.113.66")).status).toBe(429);
    expect((await signIn("dee@example.com", passwordOf("dee@example.com"), "203.0.113.67")).status).toBe(429);
    // ... but the owner signs in from where they did before.
    expect((await signIn("dee@example.com", passwordOf("dee@example.com"), "198.51.100.20")).status).toBe(200);
    now += 15 * 60_000 + 1;
  });

  it("slows an address that sprays many accounts: 30 failures in 15 minutes, whatever the emails", async () => {
    for (let i = 0; i < 30; i++) expect((await signIn(`nobody${i}@example.com`, "wrong password", "203.0.113.90")).status).toBe(401);
    expect((await signIn("eve@example.com", passwordOf("eve@example.com"), "203.0.113.90")).status).toBe(429);
    expect((await signIn("eve@example.com", passwordOf("eve@example.com"), "203.0.113.91")).status).toBe(200);
    now += 15 * 60_000 + 1;
    expect((await signIn("eve@example.com", passwordOf("eve@example.com"), "203.0.113.90")).status).toBe(200);
  });

  it("ignores X-Forwarded-For from a caller that is not the console's proxy", async () => {
    const direct = (address: string) => authPost(api, "/sign-in/email", { email: "ada@example.com", password: "wrong password" }, { "x-forwarded-for": address, "x-freshet-proxy-secret": "a guess" });
    // Each try names a fresh address; all of them are the caller's own, so the fifth failure is its last.
    for (let i = 0; i < 5; i++) expect((await direct(`198.18.0.${i}`)).status).toBe(401);
    expect((await direct("198.18.0.99")).status).toBe(429);
    // The console's proxy still names its clients: ada from an address of hers is unaffected.
    expect((await signIn("ada@example.com", passwordOf("ada@example.com"), "198.51.100.7")).status).toBe(200);
    now += 60_001;
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

  it("counts a sign-up with an email already taken like any other, since the answers must look alike", async () => {
    for (let i = 0; i < 10; i++) expect((await createAccount("ada@example.com", "203.0.113.60")).status).toBe(200);
    expect((await createAccount("ada@example.com", "203.0.113.60")).status).toBe(429);
    expect(await api.prisma.user.count({ where: { email: "ada@example.com" } })).toBe(1);
  });
});

describe("device login", () => {
  it("starts at most 20 CLI logins an hour from one address", async () => {
    const start = (address: string) => authPost(api, "/device/code", { client_id: "freshet-cli" }, viaProxyFrom(address));
    for (let i = 0; i < 20; i++) expect((await start("203.0.113.70")).status).toBe(200);
    const limited = await start("203.0.113.70");
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ code: "TOO_MANY_REQUESTS", message: "Too many CLI logins started from this address. Try again in 3600 seconds." });
    expect((await start("203.0.113.71")).status).toBe(200);
  });
});
