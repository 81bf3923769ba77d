/*
 * A credential's access rules, kept as ACL bindings in its cluster's engine (principal
 * User:<username>). A rule is what the console offers: produce, consume, create or delete
 * on topics named exactly or by prefix, or consume as a group named exactly or by prefix;
 * each allows or denies. The engine's semantics (README "Access control"): a credential
 * without allow rules may do everything its deny rules leave; with one, only what its
 * allow rules allow.
 */
import { z } from "zod";
import type { AclBinding, AclOperation } from "@freshet/client/admin/acls";
import type { PrismaClient } from "@freshet/db/client";
import { AppError, notFound } from "../errors.js";
import { orgProcedure, router } from "../trpc.js";
import { runningEndpoint } from "./cluster-view.js";
import { id } from "./schemas.js";
import { withTenant } from "../tenant/with-tenant.js";

const ACCESS_OPERATIONS = { produce: "write", consume: "read", create: "create", delete: "delete" } as const satisfies Record<string, AclOperation>;
type Access = keyof typeof ACCESS_OPERATIONS;

export const aclRule = z
  .object({
    resource: z.enum(["topic", "group"]),
    match: z.enum(["name", "prefix"]),
    name: z
      .string()
      .min(1, "Enter a topic or group name, or a prefix.")
      .max(249, "Names and prefixes are at most 249 characters.")
      .regex(/^[a-zA-Z0-9._-]+$/, "Use letters, digits, dots, dashes and underscores."),
    access: z.enum(["produce", "consume", "create", "delete"]),
    permission: z.enum(["allow", "deny"]),
  })
  .refine((rule) => rule.resource === "topic" || rule.access === "consume", { message: "A group rule can only be about consuming.", path: ["access"] });
export type AclRule = z.infer<typeof aclRule>;

const ruleOutput = z.object({
  resource: z.enum(["topic", "group", "cluster"]),
  match: z.enum(["name", "prefix"]),
  name: z.string(),
  /** What the rule is about; `other` for a binding made outside the console (its Kafka operation is in `operation`). */
  access: z.enum(["produce", "consume", "create", "delete", "other"]),
  operation: z.string(),
  permission: z.enum(["allow", "deny"]),
});

const principalOf = (username: string) => `User:${username}`;

function bindingOf(username: string, rule: AclRule): AclBinding {
  return {
    resourceType: rule.resource,
    resourceName: rule.name,
    patternType: rule.match === "prefix" ? "prefixed" : "literal",
    principal: principalOf(username),
    host: "*",
    operation: ACCESS_OPERATIONS[rule.access],
    permission: rule.permission,
  };
}

function ruleOf(binding: AclBinding): z.infer<typeof ruleOutput> {
  const access = (Object.keys(ACCESS_OPERATIONS) as Access[]).find((a) => ACCESS_OPERATIONS[a] === binding.operation);
  const fits = access !== undefined && binding.host === "*" && (binding.resourceType === "topic" || (binding.resourceType === "group" && access === "consume"));
  return {
    resource: binding.resourceType,
    match: binding.patternType === "prefixed" ? "prefix" : "name",
    name: binding.resourceName,
    access: fits ? access : "other",
    operation: binding.operation,
    permission: binding.permission,
  };
}

/** The org's active credential and its cluster's endpoint; another org's credential is not found. */
async function activeCredential(prisma: PrismaClient, orgId: string, credentialId: string) {
  const row = await prisma.clusterCredential.findFirst({ where: { id: credentialId, cluster: { orgId } }, include: { cluster: true } });
  if (row === null) throw notFound("credential");
  if (row.revokedAt !== null) throw new AppError("invalid-request", "This credential is revoked; its rules are gone with it.");
  return { credential: row, endpoint: runningEndpoint(row.cluster) };
}

export const aclsRouter = router({
  list: orgProcedure
    .input(z.object({ credentialId: id }))
    .output(z.array(ruleOutput))
    .query(async ({ ctx, input }) => {
      const { credential, endpoint } = await activeCredential(ctx.prisma, ctx.org.id, input.credentialId);
      const bindings = await withTenant(ctx.tenants, endpoint, (client) => client.admin.describeAcls({ principal: principalOf(credential.username) }));
      return bindings.map(ruleOf).sort((a, b) => a.name.localeCompare(b.name) || a.access.localeCompare(b.access));
    }),

  add: orgProcedure
    .input(z.object({ credentialId: id, rule: aclRule }))
    .output(ruleOutput)
    .mutation(async ({ ctx, input }) => {
      const { credential, endpoint } = await activeCredential(ctx.prisma, ctx.org.id, input.credentialId);
      const binding = bindingOf(credential.username, input.rule);
      await withTenant(ctx.tenants, endpoint, (client) => client.admin.createAcls([binding]));
      await ctx.audit({ action: "acl.add", targetType: "cluster_credential", targetId: credential.id, metadata: { clusterId: credential.clusterId, ...input.rule } });
      return ruleOf(binding);
    }),

  remove: orgProcedure
    .input(z.object({ credentialId: id, rule: aclRule }))
    .output(z.object({ removed: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const { credential, endpoint } = await activeCredential(ctx.prisma, ctx.org.id, input.credentialId);
      const { resourceType, resourceName, patternType, principal, operation, permission } = bindingOf(credential.username, input.rule);
      const removed = await withTenant(ctx.tenants, endpoint, (client) => client.admin.deleteAcls([{ resourceType, resourceName, patternType, principal, operation, permission }]));
      await ctx.audit({ action: "acl.remove", targetType: "cluster_credential", targetId: credential.id, metadata: { clusterId: credential.clusterId, ...input.rule } });
      return { removed: removed.length };
    }),
});

/** Deletes every rule of `username` on a running cluster, so a later credential of that name starts without them. */
export async function deleteRulesOf(ctx: { tenants: Parameters<typeof withTenant>[0] }, cluster: Parameters<typeof runningEndpoint>[0], username: string): Promise<void> {
  await withTenant(ctx.tenants, runningEndpoint(cluster), (client) => client.admin.deleteAcls([{ principal: principalOf(username) }]));
}
