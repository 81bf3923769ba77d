import type { PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import type { FreshetClient } from "@freshet/client/client";
import type { SmartModuleInfo } from "@freshet/client/admin/smartmodules";
import semver from "semver";
import type { HubReader } from "./hub-reader.js";

/** Who asked for the update, as the audit log records it: a person, an API key (for its creator) or, with both null, the worker's schedule. */
export interface HubUpdateActor {
  readonly userId: string | null;
  readonly apiKeyId: string | null;
  readonly ip: string | null;
}

export interface HubModuleUpdate {
  readonly package: string;
  readonly from: string;
  readonly to: string;
}

export interface HubModuleUpdateFailure {
  readonly package: string;
  readonly to: string;
  /** One sentence: why the cluster did not take the new version (a signature that failed, an unreachable broker). */
  readonly message: string;
}

export interface UpdateClusterHubModulesOptions {
  readonly prisma: Pick<PrismaClient, "cluster" | "auditLog">;
  readonly hub: HubReader;
  /** A client of the cluster, logged in as the control plane; the caller owns it. */
  readonly client: FreshetClient;
  readonly clusterId: string;
  readonly actor: HubUpdateActor;
}

/** The newest loaded version of each module that came from the hub by a range (an exact install stays where it is). */
function installedByRange(modules: readonly SmartModuleInfo[]): Map<string, { version: string; range: string }> {
  const newest = new Map<string, SmartModuleInfo>();
  for (const module of modules) {
    const seen = newest.get(module.name);
    if (seen === undefined || semver.gt(module.version, seen.version)) newest.set(module.name, module);
  }
  const installed = new Map<string, { version: string; range: string }>();
  for (const [name, module] of newest) {
    const range = module.provenance?.range ?? null;
    if (range !== null) installed.set(name, { version: module.version, range });
  }
  return installed;
}

/**
 * Moves every hub SmartModule of the cluster to the newest non-yanked version its
 * range allows: loads that version beside the old one (chains naming the module
 * without a version pick the newest; old versions stay for chains that pin them),
 * with its provenance so the cluster verifies the signature itself, and audits each
 * move as `hub.update`. A module the cluster refuses is reported, not thrown, so
 * the others still move. Used by the API's `hub.update` and the worker's
 * `update-hub-modules` job.
 */
export async function updateClusterHubModules(options: UpdateClusterHubModulesOptions): Promise<{ updated: HubModuleUpdate[]; failed: HubModuleUpdateFailure[] }> {
  const { prisma, hub, client, clusterId, actor } = options;
  const cluster = await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { orgId: true } });
  const updated: HubModuleUpdate[] = [];
  const failed: HubModuleUpdateFailure[] = [];
  for (const [pkg, { version: from, range }] of installedByRange(await client.admin.listSmartModules())) {
    const resolved = await hub.resolve(pkg, range);
    if (resolved === null || !semver.gt(resolved.version, from)) continue;
    try {
      const artifact = await hub.artifact(pkg, resolved.version);
      const { manifest, bundle, publicKeyPem } = resolved;
      await client.admin.loadSmartModule(pkg, resolved.version, artifact, { provenance: { package: pkg, range, bundle, publicKeyPem, manifest } });
    } catch (error) {
      failed.push({ package: pkg, to: resolved.version, message: (error as Error).message });
      continue;
    }
    await prisma.auditLog.create({
      data: {
        id: newId("auditLog"),
        orgId: cluster.orgId,
        actorUserId: actor.userId,
        actorApiKeyId: actor.apiKeyId,
        action: "hub.update",
        targetType: "cluster",
        targetId: clusterId,
        metadata: { package: pkg, from, to: resolved.version, range, keyId: resolved.keyId },
        ip: actor.ip,
      },
    });
    updated.push({ package: pkg, from, to: resolved.version });
  }
  return { updated, failed };
}
