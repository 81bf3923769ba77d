import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { codeOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";

// An API key acts for the person who created it: never with more than that person's current role
// in the key's organization, and not at all once they are no longer a member.
let api: TestApi;
let owner: Client;
let orgId: string;
let clusterId: string;

async function joinAsAdmin(email: string): Promise<{ client: Client; memberId: string }> {
  const invitation = await owner.members.invite.mutate({ email, role: "admin" });
  const client = trpcClient(api, { cookie: await signUp(api, email) });
  await client.invitations.accept.mutate({ invitationId: invitation.id });
  await client.orgs.setActive.mutate({ organizationId: orgId });
  const members = await owner.members.list.query();
  return { client, memberId: members.find((m) => m.user.email === email)!.id };
}

/** What a key can still do: create an admin key, mint a SASL credential, change a role; and read. */
async function powersOf(key: Client, memberId: string) {
  return {
    createKey: await codeOf(() => key.apiKeys.create.mutate({ name: "escalated", role: "admin" })),
    createCredential: await codeOf(() => key.credentials.create.mutate({ clusterId, name: `c${Math.random().toString(36).slice(2, 10)}` })),
    changeRole: await codeOf(() => key.members.updateRole.mutate({ memberId, role: "admin" })),
    read: await codeOf(() => key.clusters.list.query()),
  };
}

const errorMessage = (call: () => Promise<unknown>) =>
  call().then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCClientError ? error.message : String(error)),
  );

beforeAll(async () => {
  api = await startTestApi();
  owner = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  orgId = (await owner.orgs.create.mutate({ name: "Acme", slug: "acme" })).id;
  await owner.orgs.setActive.mutate({ organizationId: orgId });
  clusterId = (await owner.clusters.create.mutate({ name: "main", region: "local", plan: "pro" })).id;
}, 60_000);

afterAll(async () => {
  await api?.close();
});

it("a key of an admin demoted to viewer only reads, and gets its powers back with the role", async () => {
  const { client: admin, memberId } = await joinAsAdmin("adam@example.com");
  const { memberId: bystander } = await joinAsAdmin("bea@example.com");
  const created = await admin.apiKeys.create.mutate({ name: "ci", role: "admin" });
  const key = trpcClient(api, { bearer: created.secret });
  expect(await powersOf(key, bystander)).toEqual({ createKey: "OK", createCredential: "OK", changeRole: "OK", read: "OK" });

  await owner.members.updateRole.mutate({ memberId, role: "viewer" });
  expect(await powersOf(key, bystander)).toEqual({ createKey: "FORBIDDEN", createCredential: "FORBIDDEN", changeRole: "FORBIDDEN", read: "OK" });
  expect((await key.me.get.query()).organizations.map((o) => o.role)).toEqual(["viewer"]);
  const listed = (await owner.apiKeys.list.query()).find((k) => k.id === created.id);
  expect(listed).toMatchObject({ role: "admin", effectiveRole: "viewer", state: "active", createdBy: "adam@example.com" });

  // A member's admin key is a member key: SASL credentials yes, keys and roles no.
  await owner.members.updateRole.mutate({ memberId, role: "member" });
  expect(await powersOf(key, bystander)).toEqual({ createKey: "FORBIDDEN", createCredential: "OK", changeRole: "FORBIDDEN", read: "OK" });

  await owner.members.updateRole.mutate({ memberId, role: "admin" });
  expect(await powersOf(key, bystander)).toEqual({ createKey: "OK", createCredential: "OK", changeRole: "OK", read: "OK" });
});

it("removing a member stops and revokes their keys at once; the cluster credentials they minted stay, named in the audit row", async () => {
  const { client: admin, memberId } = await joinAsAdmin("rex@example.com");
  const created = await admin.apiKeys.create.mutate({ name: "deploy", role: "admin" });
  const key = trpcClient(api, { bearer: created.secret });
  const credential = await key.credentials.create.mutate({ clusterId, name: "rex-app" });

  await owner.members.remove.mutate({ memberId });
  expect(await powersOf(key, memberId)).toEqual({ createKey: "UNAUTHORIZED", createCredential: "UNAUTHORIZED", changeRole: "UNAUTHORIZED", read: "UNAUTHORIZED" });
  expect((await owner.apiKeys.list.query()).find((k) => k.id === created.id)).toMatchObject({ state: "revoked", effectiveRole: null, createdBy: "rex@example.com" });

  const credentials = await owner.credentials.list.query({ clusterId });
  expect(credentials.find((c) => c.id === credential.id)).toMatchObject({ username: "rex-app", createdBy: "rex@example.com", revokedAt: null });
  const removal = (await owner.audit.list.query({})).entries.find((e) => e.action === "member.remove" && e.target === `member:${memberId}`);
  expect(removal?.metadata).toEqual({ email: "rex@example.com", revokedApiKeys: [created.id], keptClusterCredentials: [credential.id] });
});

it("a key stops on its next request when its creator's membership ends by any path, and is listed as such", async () => {
  const { client: admin, memberId } = await joinAsAdmin("ivy@example.com");
  const created = await admin.apiKeys.create.mutate({ name: "nightly", role: "member" });
  const key = trpcClient(api, { bearer: created.secret });
  expect(await codeOf(() => key.clusters.list.query())).toBe("OK");

  // Not through members.remove (which also revokes): only the membership row goes.
  await api.prisma.member.delete({ where: { id: memberId } });
  expect(await errorMessage(() => key.clusters.list.query())).toBe("This API key stopped working: the person who created it is no longer a member of its organization.");
  expect(await codeOf(() => key.clusters.list.query())).toBe("UNAUTHORIZED");
  expect((await owner.apiKeys.list.query()).find((k) => k.id === created.id)).toMatchObject({ state: "creator-removed", effectiveRole: null, revokedAt: null });
});
