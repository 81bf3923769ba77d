import { z } from "zod";
import semver from "semver";
import { prismaHubReader } from "@freshet/control-plane/hub/prisma-hub-reader";
import { updateClusterHubModules } from "@freshet/control-plane/hub/update-cluster-hub-modules";
import { errorCode, KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { AppError } from "../errors.js";
import { countDownload, refOf, refuseTakenDown, versionForRange, visiblePackage } from "../hub/hub-packages.js";
import { brokerReason } from "../tenant/tenant-errors.js";
import { withTenant } from "../tenant/with-tenant.js";
import { orgProcedure } from "../trpc.js";
import { clusterInOrg, runningEndpoint } from "./cluster-view.js";
import { hubRange, packageInput } from "./hub-schemas.js";
import { id } from "./schemas.js";

const INVALID_REQUEST = errorCode("INVALID_REQUEST");

/** Hub packages in the org's clusters: install, update, and the worker's automatic updates. */
export const hubInstallProcedures = {
  /**
   * Loads the version `range` resolves to into the cluster as SmartModule `group/name`, with its
   * provenance: the cluster verifies the signature against the bytes itself (the API does not, so
   * the check that counts is the one where the module runs) and refuses with its own sentence.
   */
  install: orgProcedure
    .input(packageInput.extend({ clusterId: id, range: hubRange.default("*") }))
    .output(z.object({ name: z.string(), version: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const pkg = await visiblePackage(ctx.prisma, input.group, input.name, ctx.org.id);
      refuseTakenDown(pkg);
      if (pkg.kind === "connector") throw new AppError("invalid-request", "Deploying connectors from the hub is not supported yet.");
      const row = versionForRange(pkg, input.range);
      const name = refOf(input.group, input.name);
      const bytes = await ctx.hubBlobs.get(row.digest);
      if (bytes === null) throw new AppError("artifact-corrupt", `The stored artifact of ${refOf(input.group, input.name, row.version)} is missing; it was not installed.`);
      const key = await ctx.prisma.hubKey.findUniqueOrThrow({ where: { id: row.keyId } });
      // An exact version is pinned: updates move only modules installed by a range.
      const range = semver.valid(input.range) === null ? input.range : null;
      const provenance = { package: name, range, bundle: row.bundle, publicKeyPem: key.publicKeyPem, manifest: row.manifest };
      await withTenant(ctx.tenants, runningEndpoint(cluster), async (client) => {
        try {
          await client.admin.loadSmartModule(name, row.version, bytes, { provenance });
        } catch (error) {
          if (error instanceof KafkaProtocolError && error.code === INVALID_REQUEST) throw new AppError("invalid-request", brokerReason(error), { cause: error });
          throw error;
        }
      });
      await countDownload(ctx.prisma, pkg.id, new Date());
      await ctx.audit({
        action: "hub.install",
        targetType: "cluster",
        targetId: cluster.id,
        metadata: { package: name, version: row.version, range: input.range, digest: row.digest, keyId: row.keyId },
      });
      return { name, version: row.version };
    }),

  /** Moves every hub SmartModule the cluster got by a range to the newest version it allows (audited per module as hub.update). */
  update: orgProcedure
    .input(z.object({ clusterId: id }))
    .output(
      z.object({
        updated: z.array(z.object({ package: z.string(), from: z.string(), to: z.string() })),
        failed: z.array(z.object({ package: z.string(), to: z.string(), message: z.string() })),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      const hub = prismaHubReader({ prisma: ctx.prisma, blobs: ctx.hubBlobs, orgId: ctx.org.id });
      const actor = { userId: ctx.actor.user.id, apiKeyId: ctx.actor.kind === "apiKey" ? ctx.actor.apiKeyId : null, ip: ctx.ip };
      return withTenant(ctx.tenants, runningEndpoint(cluster), (client) => updateClusterHubModules({ prisma: ctx.prisma, hub, client, clusterId: cluster.id, actor }));
    }),

  /** Whether the worker's update-hub-modules job moves this cluster's hub SmartModules forward. */
  setAutoUpdate: orgProcedure
    .input(z.object({ clusterId: id, enabled: z.boolean() }))
    .output(z.object({ clusterId: z.string(), hubAutoUpdate: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      await ctx.prisma.cluster.update({ where: { id: cluster.id }, data: { hubAutoUpdate: input.enabled } });
      await ctx.audit({ action: "hub.auto-update", targetType: "cluster", targetId: cluster.id, metadata: { enabled: input.enabled } });
      return { clusterId: cluster.id, hubAutoUpdate: input.enabled };
    }),
};
