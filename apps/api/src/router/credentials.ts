import { randomBytes } from "node:crypto";
import { z } from "zod";
import { newId } from "@freshet/db/ids";
import { scramCredential } from "@freshet/engine/auth/create-credentials";
import { AppError, notFound } from "../errors.js";
import { orgProcedure, router } from "../trpc.js";
import { deleteRulesOf } from "./acls.js";
import { clusterInOrg } from "./cluster-view.js";
import { id, iso, isoDate, isoOrNull } from "./schemas.js";

// Names the brokers reserve for themselves (the control plane, the SPUs, every connector's
// `freshet-connector-<id>`): a person's credential must never shadow them.
const RESERVED_PREFIX = "freshet-";

const username = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, "Use 1-64 letters, digits, dots, dashes and underscores, starting with a letter or digit.");

const credentialOutput = z.object({
  id,
  name: z.string(),
  username: z.string(),
  /** Who minted it (their email); null when unknown or their account is deleted. It stays valid when they leave the org. */
  createdBy: z.string().nullable(),
  createdAt: isoDate,
  revokedAt: isoDate.nullable(),
});

type CredentialRow = { id: string; username: string; createdAt: Date; revokedAt: Date | null; createdBy: { email: string } | null };
const toView = (r: CredentialRow) => ({ id: r.id, name: r.username, username: r.username, createdBy: r.createdBy?.email ?? null, createdAt: iso(r.createdAt), revokedAt: isoOrNull(r.revokedAt) });
const withCreator = { createdBy: { select: { email: true } } } as const;

export const credentialsRouter = router({
  list: orgProcedure
    .input(z.object({ clusterId: id }))
    .output(z.array(credentialOutput))
    .query(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const rows = await ctx.prisma.clusterCredential.findMany({ where: { clusterId: cluster.id }, include: withCreator, orderBy: { createdAt: "asc" } });
      return rows.map(toView);
    }),

  /** A SASL/SCRAM-SHA-256 login for Kafka clients. The password is in this answer only; we keep its verifier. */
  create: orgProcedure
    .input(z.object({ clusterId: id, name: username }))
    .output(z.object({ id, name: z.string(), username: z.string(), password: z.string(), bootstrap: z.string().nullable(), mechanism: z.literal("SCRAM-SHA-256") }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      if (cluster.status === "Deleting" || cluster.status === "Deleted") throw new AppError("invalid-request", `The cluster is ${cluster.status}.`);
      if (input.name.startsWith(RESERVED_PREFIX)) throw new AppError("invalid-request", `"${input.name}" is reserved. Choose another name.`);
      const taken = await ctx.prisma.clusterCredential.findFirst({ where: { clusterId: cluster.id, username: input.name, revokedAt: null } });
      if (taken !== null) throw new AppError("already-exists", `The cluster already has a credential named "${input.name}".`);
      const password = randomBytes(24).toString("base64url");
      const scram = await scramCredential(password);
      const row = await ctx.prisma.clusterCredential.create({
        data: {
          id: newId("clusterCredential"),
          clusterId: cluster.id,
          username: input.name,
          salt: scram.salt,
          storedKey: scram.storedKey,
          serverKey: scram.serverKey,
          iterations: scram.iterations,
          createdById: ctx.actor.user.id,
        },
      });
      await ctx.provisioning.enqueue("sync-cluster-credentials", { clusterId: cluster.id });
      await ctx.audit({ action: "credential.create", targetType: "cluster_credential", targetId: row.id, metadata: { clusterId: cluster.id, username: input.name } });
      const bootstrap = cluster.bootstrapHost !== null && cluster.bootstrapPort !== null ? `${cluster.bootstrapHost}:${cluster.bootstrapPort}` : null;
      return { id: row.id, name: row.username, username: row.username, password, bootstrap, mechanism: "SCRAM-SHA-256" as const };
    }),

  revoke: orgProcedure
    .input(z.object({ credentialId: id }))
    .output(credentialOutput)
    .mutation(async ({ ctx, input }) => {
      const row = await ctx.prisma.clusterCredential.findFirst({ where: { id: input.credentialId, cluster: { orgId: ctx.org.id } }, include: { ...withCreator, cluster: true } });
      if (row === null) throw notFound("credential");
      const revoked = row.revokedAt !== null ? row : await ctx.prisma.clusterCredential.update({ where: { id: row.id }, data: { revokedAt: new Date() }, include: withCreator });
      await ctx.provisioning.enqueue("sync-cluster-credentials", { clusterId: row.clusterId });
      // Revocation must not wait for the cluster: its access rules go when the cluster answers, else
      // they stay behind harmlessly (rules only ever narrow a login) and the audit record says so.
      const rulesRemoved = await deleteRulesOf(ctx, row.cluster, row.username).then(
        () => true,
        () => false,
      );
      await ctx.audit({ action: "credential.revoke", targetType: "cluster_credential", targetId: row.id, metadata: { clusterId: row.clusterId, username: row.username, rulesRemoved } });
      return toView(revoked);
    }),
});
