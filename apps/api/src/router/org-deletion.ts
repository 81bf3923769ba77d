import type { Services } from "../context.js";

export interface OrgDeletion {
  /** Clusters that were not Deleted yet: now Deleting, their deprovisioning enqueued. */
  readonly clusterIds: string[];
  readonly memberCount: number;
  readonly revokedApiKeyIds: string[];
}

/**
 * Deletes an organization without orphaning its clusters. In one transaction, holding the org's
 * row lock that clusters.create also takes (so no cluster can appear meanwhile): every cluster not
 * yet Deleted goes Deleting, and the org is marked deleted, with its members, pending invitations
 * and API keys gone, so nobody can act in it any more. Then each cluster's deprovisioning is
 * enqueued: the worker stops its processes and removes its data (a hard delete would cascade the
 * cluster rows away, and the worker keeps the data of clusters it has no row for). Should an
 * enqueue fail, the worker's reconcile pass enqueues it again for every Deleting cluster.
 *
 * The organization row stays, with its audit log and cluster history, for the operators; its slug
 * stays taken, as a deleted cluster's name does.
 */
export async function deleteOrganization(services: Pick<Services, "prisma" | "provisioning">, orgId: string): Promise<OrgDeletion> {
  const { prisma, provisioning } = services;
  const now = new Date();
  const deletion = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "organization" WHERE "id" = ${orgId} FOR UPDATE`;
    const clusters = await tx.cluster.findMany({ where: { orgId, status: { not: "Deleted" } }, select: { id: true }, orderBy: { createdAt: "asc" } });
    await tx.cluster.updateMany({ where: { orgId, status: { not: "Deleted" } }, data: { status: "Deleting", statusMessage: "The organization was deleted." } });
    const keys = await tx.apiKey.updateManyAndReturn({ where: { orgId, revokedAt: null }, data: { revokedAt: now }, select: { id: true } });
    const members = await tx.member.deleteMany({ where: { organizationId: orgId } });
    await tx.invitation.deleteMany({ where: { organizationId: orgId, status: "pending" } });
    await tx.session.updateMany({ where: { activeOrganizationId: orgId }, data: { activeOrganizationId: null } });
    await tx.organization.update({ where: { id: orgId }, data: { deletedAt: now } });
    return { clusterIds: clusters.map((c) => c.id), memberCount: members.count, revokedApiKeyIds: keys.map((k) => k.id) };
  });
  for (const clusterId of deletion.clusterIds) await provisioning.enqueue("deprovision-cluster", { clusterId });
  return deletion;
}
