import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@freshet/db/ids";
import { authPost, codeOf, openVerificationLink, passwordOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";

// Every mail the API sends lands in the test's own SMTP catcher on loopback (api.mailbox).

// Long enough that creating an account answers no later than refusing a registered address would.
const SIGN_UP_ANSWER_MS = 2_000;

let api: TestApi;
let ada: Client;
beforeAll(async () => {
  api = await startTestApi({ signUpAnswerMs: SIGN_UP_ANSWER_MS });
  ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
});
afterAll(() => api.close());

const signUpAs = (email: string, password = passwordOf(email)) => authPost(api, "/sign-up/email", { email, password, name: "Someone" });
const signIn = (email: string) => authPost(api, "/sign-in/email", { email, password: passwordOf(email) });

/** An answer with what differs between any two sign-ups (ids, clocks) blanked out. */
async function shapeOf(response: Response) {
  const body = (await response.json()) as { token: unknown; user: Record<string, unknown> };
  return {
    status: response.status,
    cookies: response.headers.getSetCookie(),
    token: body.token,
    user: { ...body.user, id: typeof body.user.id, email: "-", createdAt: typeof body.user.createdAt, updatedAt: typeof body.user.updatedAt },
  };
}

describe("sign-up", () => {
  it("answers a new and an existing address alike, and mails the existing owner instead of creating an account", async () => {
    const timed = async (email: string, password?: string) => {
      const started = performance.now();
      const response = await signUpAs(email, password);
      return { response, ms: performance.now() - started };
    };
    const { response: fresh, ms: freshMs } = await timed("newcomer@example.com");
    const { response: taken, ms: takenMs } = await timed("ada@example.com", "another-password-123");
    // Neither answers before the floor (less a few ms of timer rounding), so the time to answer
    // does not tell which address had an account.
    expect(Math.min(freshMs, takenMs)).toBeGreaterThanOrEqual(SIGN_UP_ANSWER_MS - 5);
    const answer = await shapeOf(fresh);
    expect(await shapeOf(taken)).toEqual(answer);
    expect(answer.cookies).toEqual([]);

    expect(await api.prisma.user.count({ where: { email: "ada@example.com" } })).toBe(1);
    const note = await api.mailbox.waitFor((mail) => mail.to.includes("ada@example.com") && mail.subject.startsWith("Someone tried to sign up"));
    expect(note.links).toEqual(["http://127.0.0.1:3000/sign-in"]);
    // Ada's password still works; the other one does not.
    expect((await signIn("ada@example.com")).status).toBe(200);
    expect((await authPost(api, "/sign-in/email", { email: "ada@example.com", password: "another-password-123" })).status).toBe(401);
  });

  it("signs in only after the link mailed to the address is opened, and that link signs in", async () => {
    expect((await signUpAs("cy@example.com")).status).toBe(200);
    const refused = await signIn("cy@example.com");
    expect(refused.status).toBe(403);
    expect(refused.headers.getSetCookie()).toEqual([]);

    const mail = await api.mailbox.waitFor((m) => m.to.includes("cy@example.com") && m.subject === "Confirm your email for Freshet");
    expect(mail.links[0]).toMatch(/^http:\/\/127\.0\.0\.1:3000\/api\/auth\/verify-email\?token=/);
    const cy = trpcClient(api, { cookie: await openVerificationLink(api, "cy@example.com") });
    expect((await cy.me.get.query()).user).toMatchObject({ email: "cy@example.com", emailVerified: true });
    expect((await signIn("cy@example.com")).status).toBe(200);
  });

  it("refuses a verification link whose token was tampered with", async () => {
    await signUpAs("dan@example.com");
    const mail = await api.mailbox.waitFor((m) => m.to.includes("dan@example.com"));
    const link = new URL(mail.links[0]!);
    link.searchParams.set("token", `${link.searchParams.get("token")!.slice(0, -2)}xx`);
    const response = await fetch(`${api.url}${link.pathname}${link.search}`, { redirect: "manual" });
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith("better-auth.session_token="))).toBe(false);
    expect((await api.prisma.user.findFirstOrThrow({ where: { email: "dan@example.com" } })).emailVerified).toBe(false);
  });
});

describe("invitations", () => {
  it("mails the invitee a link to the console's page where invitations are accepted", async () => {
    await ada.members.invite.mutate({ email: "Erin@Example.com", role: "viewer" });
    const mail = await api.mailbox.waitFor((m) => m.to.includes("erin@example.com"));
    expect(mail.subject).toBe("ada invited you to Acme on Freshet");
    expect(mail.text).toContain("as viewer");
    expect(mail.links).toEqual(["http://127.0.0.1:3000/onboarding"]);
  });

  it("cannot be claimed by someone who signs up with the invited address but cannot read its mail", async () => {
    const invitation = await ada.members.invite.mutate({ email: "bob@example.com", role: "member" });
    // The impostor chooses Bob's address and a password, but never sees the link mailed to Bob.
    expect((await signUpAs("bob@example.com", "impostor-password-1")).status).toBe(200);
    const attempt = await authPost(api, "/sign-in/email", { email: "bob@example.com", password: "impostor-password-1" });
    expect(attempt.status).toBe(403);
    expect(attempt.headers.getSetCookie()).toEqual([]);
    expect(await codeOf(() => trpcClient(api, null).invitations.accept.mutate({ invitationId: invitation.id }))).toBe("UNAUTHORIZED");
    expect((await ada.members.list.query()).map((m) => m.user.email)).toEqual(["ada@example.com"]);
  });

  it("are neither listed to nor accepted by a session whose address is not verified", async () => {
    // A session from before addresses were verified: the account exists, the address was never confirmed.
    const invitation = await ada.members.invite.mutate({ email: "fay@example.com", role: "member" });
    const user = await api.prisma.user.create({ data: { id: newId("user"), email: "fay@example.com", name: "fay", emailVerified: false, createdAt: new Date(), updatedAt: new Date() } });
    const token = `legacy-session-${user.id}`;
    await api.prisma.session.create({
      data: { id: newId("session"), token, userId: user.id, expiresAt: new Date(Date.now() + 3_600_000), createdAt: new Date(), updatedAt: new Date() },
    });
    const fay = trpcClient(api, { bearer: token });
    expect((await fay.me.get.query()).invitations).toEqual([]);
    expect(await codeOf(() => fay.invitations.accept.mutate({ invitationId: invitation.id }))).toBe("FORBIDDEN");
    expect((await ada.members.list.query()).map((m) => m.user.email)).toEqual(["ada@example.com"]);

    await api.prisma.user.update({ where: { id: user.id }, data: { emailVerified: true } });
    expect((await fay.me.get.query()).invitations.map((i) => i.id)).toEqual([invitation.id]);
    await fay.invitations.accept.mutate({ invitationId: invitation.id });
    expect((await ada.members.list.query()).map((m) => m.user.email)).toEqual(["ada@example.com", "fay@example.com"]);
  });
});
