import { afterAll, beforeAll, expect, it } from "vitest";
import { authPost, codeOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";

// Every change to an organization goes through a tRPC procedure that writes the audit log;
// better-auth's own organization endpoints would bypass it (and delete an org without its clusters).
let api: TestApi;
let ownerCookie: string;
let melCookie: string;
let owner: Client;
let orgId: string;
let memberId: string;

const jobsOf = async () => (await api.queue.getJobs(["waiting", "delayed", "active"])).map((j) => [j.name, j.id]).sort();
const auditActions = async () => (await api.prisma.auditLog.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } })).map((r) => r.action);

beforeAll(async () => {
  api = await startTestApi();
  ownerCookie = await signUp(api, "ada@example.com");
  owner = trpcClient(api, { cookie: ownerCookie });
  orgId = (await owner.orgs.create.mutate({ name: "Acme", slug: "acme" })).id;
  await owner.orgs.setActive.mutate({ organizationId: orgId });
  const invitation = await owner.members.invite.mutate({ email: "mel@example.com", role: "member" });
  melCookie = await signUp(api, "mel@example.com");
  const mel = trpcClient(api, { cookie: melCookie });
  await mel.invitations.accept.mutate({ invitationId: invitation.id });
  memberId = (await owner.members.list.query()).find((m) => m.user.email === "mel@example.com")!.id;
}, 60_000);

afterAll(async () => {
  await api?.close();
});

it("better-auth's organization endpoints are closed: invite, role change, rename and delete answer 404 and change nothing", async () => {
  const auditBefore = await auditActions();
  const attempts: Array<[string, unknown]> = [
    ["/organization/invite-member", { email: "mallory@example.com", role: "admin", organizationId: orgId }],
    ["/organization/update-member-role", { memberId, role: "admin", organizationId: orgId }],
    ["/organization/update", { data: { name: "Renamed" }, organizationId: orgId }],
    ["/organization/delete", { organizationId: orgId }],
    ["/organization/remove-member", { memberIdOrEmail: memberId, organizationId: orgId }],
    ["/organization/create", { name: "Side door", slug: "side-door" }],
    ["/organization/set-active", { organizationId: orgId }],
    // Variants of a path must not slip past the list either.
    ["/organization/update/", { data: { name: "Renamed" }, organizationId: orgId }],
    ["/organization/update?x=1", { data: { name: "Renamed" }, organizationId: orgId }],
    ["/organization//update", { data: { name: "Renamed" }, organizationId: orgId }],
    ["/organization/updat%65", { data: { name: "Renamed" }, organizationId: orgId }],
    ["/organization/leave", { organizationId: orgId }],
  ];
  const statuses = [];
  for (const [path, body] of attempts) statuses.push([path, (await authPost(api, path, body, { cookie: ownerCookie })).status]);
  expect(statuses).toEqual(attempts.map(([path]) => [path, 404]));

  const org = await api.prisma.organization.findUniqueOrThrow({ where: { id: orgId }, include: { members: true, invitations: true } });
  expect(org).toMatchObject({ name: "Acme", deletedAt: null });
  expect(org.members.map((m) => m.role).sort()).toEqual(["member", "owner"]);
  expect(org.invitations.map((i) => i.email)).toEqual(["mel@example.com"]);
  expect(await api.prisma.organization.count({ where: { slug: "side-door" } })).toBe(0);
  expect(await auditActions()).toEqual(auditBefore);
});

it("orgs.update renames the organization for its admins and writes the audit log", async () => {
  const mel = trpcClient(api, { cookie: melCookie });
  await mel.orgs.setActive.mutate({ organizationId: orgId });
  expect(await codeOf(() => mel.orgs.update.mutate({ name: "Mel's" }))).toBe("FORBIDDEN");

  expect(await owner.orgs.update.mutate({ name: "Acme Data" })).toEqual({ id: orgId, name: "Acme Data", slug: "acme" });
  const entry = (await owner.audit.list.query({})).entries[0];
  expect(entry).toMatchObject({ action: "org.update", actor: "ada@example.com", target: `organization:${orgId}`, metadata: { from: "Acme", to: "Acme Data" } });
});

it("orgs.delete (owner only) deprovisions every cluster first, then the org is gone for everyone; its audit log stays", async () => {
  const admin = await owner.apiKeys.create.mutate({ name: "ci", role: "admin" });
  const key = trpcClient(api, { bearer: admin.secret });
  expect(await codeOf(() => key.orgs.delete.mutate({ organizationId: orgId }))).toBe("FORBIDDEN");

  const running = await owner.clusters.create.mutate({ name: "main", region: "local", plan: "pro" });
  await api.prisma.cluster.update({ where: { id: running.id }, data: { status: "Running", bootstrapHost: "127.0.0.1", bootstrapPort: 1 } });
  const pending = await owner.clusters.create.mutate({ name: "second", region: "local", plan: "pro" });
  const gone = await owner.clusters.create.mutate({ name: "old", region: "local", plan: "pro" });
  await api.prisma.cluster.update({ where: { id: gone.id }, data: { status: "Deleted" } });
  await api.queue.obliterate({ force: true });

  expect(await owner.orgs.delete.mutate({ organizationId: orgId })).toEqual({ id: orgId, clustersDeleting: [running.id, pending.id] });
  const clusters = await api.prisma.cluster.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } });
  expect(clusters.map((c) => [c.name, c.status])).toEqual([
    ["main", "Deleting"],
    ["second", "Deleting"],
    ["old", "Deleted"],
  ]);
  expect(await jobsOf()).toEqual(
    [
      ["deprovision-cluster", `deprovision-${running.id}`],
      ["deprovision-cluster", `deprovision-${pending.id}`],
    ].sort(),
  );

  const org = await api.prisma.organization.findUniqueOrThrow({ where: { id: orgId }, include: { members: true, invitations: true } });
  expect(org.deletedAt).toBeInstanceOf(Date);
  expect(org.members).toEqual([]);
  expect(await owner.me.get.query()).toMatchObject({ organizations: [], activeOrganizationId: null });
  expect(await codeOf(() => owner.clusters.list.query())).toBe("PRECONDITION_FAILED");
  expect(await codeOf(() => owner.orgs.setActive.mutate({ organizationId: orgId }))).toBe("NOT_FOUND");
  expect(await codeOf(() => key.clusters.list.query())).toBe("UNAUTHORIZED");

  const deletion = await api.prisma.auditLog.findFirstOrThrow({ where: { orgId, action: "org.delete" }, include: { actorUser: true } });
  expect(deletion).toMatchObject({ targetId: orgId, actorUser: { email: "ada@example.com" } });
  expect(deletion.metadata).toEqual({ name: "Acme Data", slug: "acme", clusters: [running.id, pending.id], members: 2, revokedApiKeys: [admin.id] });
});
