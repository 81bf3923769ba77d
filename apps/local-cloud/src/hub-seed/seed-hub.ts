import { createHash } from "node:crypto";
import type { PrismaClient } from "@freshet/db/client";
import { isUniqueViolation, storeHubVersion } from "@freshet/control-plane/hub/store-version";
import { newId } from "@freshet/db/ids";
import { signPackage, type HubKeyPair } from "@freshet/hub/signing";
import type { BlobStore } from "@freshet/hub/storage";
import { SEED_GROUP, type BuiltExample, type ExampleProject } from "./example-packages.js";

/** The system org that owns the `freshet` group; its slug is one sign-up cannot pick by accident. */
const SYSTEM_ORG = { name: "Freshet", slug: "freshet-system" } as const;

export interface SeedHubOptions {
  readonly prisma: PrismaClient;
  readonly blobs: BlobStore;
  readonly key: HubKeyPair;
  readonly projects: readonly ExampleProject[];
  /** Builds one example; only examples not yet on the hub are built. */
  readonly build: (project: ExampleProject) => Promise<BuiltExample>;
}

/** The org owning the `freshet` group, claiming it for a new system org the first time. */
async function seedOrg(prisma: PrismaClient): Promise<string> {
  const group = await prisma.hubGroup.findUnique({ where: { name: SEED_GROUP } });
  if (group !== null) return group.orgId;
  const orgId = newId("organization");
  try {
    await prisma.$transaction(async (tx) => {
      await tx.organization.create({ data: { id: orgId, ...SYSTEM_ORG, createdAt: new Date() } });
      await tx.hubGroup.create({ data: { id: newId("hubGroup"), name: SEED_GROUP, orgId } });
    });
    return orgId;
  } catch (error) {
    // Another start claimed the group first: use its org.
    if (!isUniqueViolation(error)) throw error;
    return (await prisma.hubGroup.findUniqueOrThrow({ where: { name: SEED_GROUP } })).orgId;
  }
}

/**
 * Publishes every example as public `freshet/<example>@<version>` unless that version is
 * on the hub already, in the shape the API's publish stores (blob first, then the package
 * and version rows; the unique (package, version) settles two seeds running at once).
 * Idempotent: a second run publishes nothing.
 */
export async function seedPublicHub(options: SeedHubOptions): Promise<{ published: string[]; present: string[] }> {
  const { prisma, blobs, key, projects, build } = options;
  const orgId = await seedOrg(prisma);
  const group = await prisma.hubGroup.findUniqueOrThrow({ where: { name: SEED_GROUP } });
  await prisma.hubKey.upsert({ where: { id: key.keyId }, create: { id: key.keyId, orgId, name: "local cloud seed", publicKeyPem: key.publicKeyPem }, update: {} });
  const published: string[] = [];
  const present: string[] = [];
  for (const project of projects) {
    const ref = `${SEED_GROUP}/${project.name}@${project.version}`;
    const existing = await prisma.hubVersion.findFirst({ where: { version: project.version, package: { groupId: group.id, name: project.name } }, select: { id: true } });
    if (existing !== null) {
      present.push(ref);
      continue;
    }
    const { manifest, readme, artifact } = await build(project);
    const digest = createHash("sha256").update(artifact).digest("hex");
    const bundle = await signPackage({ manifest, artifactDigest: digest, privateKeyPem: key.privateKeyPem });
    const version = { groupId: group.id, manifest, readme, artifact, digest, bundle, keyId: key.keyId, publishedById: null };
    try {
      await storeHubVersion(prisma, blobs, version, async (tx, versionId) => {
        await tx.auditLog.create({
          data: {
            id: newId("auditLog"),
            orgId,
            action: "hub.publish",
            targetType: "hub_version",
            targetId: versionId,
            metadata: { package: `${manifest.group}/${manifest.name}`, version: manifest.version, digest, keyId: key.keyId, seed: true },
          },
        });
      });
      published.push(ref);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      present.push(ref);
    }
  }
  return { published, present };
}
