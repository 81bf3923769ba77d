import { createHash } from "node:crypto";
import { Prisma, type PrismaClient } from "@freshet/db/client";
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

const isUniqueViolation = (error: unknown): boolean => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

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
    await blobs.put(digest, artifact);
    const about = { kind: manifest.kind, visibility: manifest.visibility, description: manifest.description, keywords: [...manifest.keywords] };
    try {
      await prisma.$transaction(async (tx) => {
        const pkg = await tx.hubPackage.upsert({
          where: { groupId_name: { groupId: group.id, name: manifest.name } },
          create: { id: newId("hubPackage"), groupId: group.id, name: manifest.name, ...about },
          update: { visibility: about.visibility, description: about.description, keywords: about.keywords },
        });
        const version = await tx.hubVersion.create({
          data: {
            id: newId("hubVersion"),
            packageId: pkg.id,
            version: manifest.version,
            manifest: manifest as unknown as Prisma.InputJsonObject,
            readme,
            digest,
            sizeBytes: artifact.byteLength,
            bundle: bundle as unknown as Prisma.InputJsonObject,
            keyId: key.keyId,
          },
        });
        await tx.auditLog.create({
          data: {
            id: newId("auditLog"),
            orgId,
            action: "hub.publish",
            targetType: "hub_version",
            targetId: version.id,
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
