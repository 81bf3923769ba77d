import { Prisma, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import type { HubManifest } from "@freshet/hub/manifest";
import type { SignatureBundle } from "@freshet/hub/signing";
import type { BlobStore } from "@freshet/hub/storage";

/** A verified package version, ready to be stored: what the API's publish and the local cloud's seed both hold by then. */
export interface VersionToStore {
  readonly groupId: string;
  readonly manifest: HubManifest;
  readonly readme: string;
  readonly artifact: Uint8Array;
  /** sha256 of `artifact`, lowercase hex. */
  readonly digest: string;
  readonly bundle: SignatureBundle | Prisma.InputJsonObject;
  readonly keyId: string;
  readonly publishedById: string | null;
}

/** Writes the publish's audit entry inside the same transaction as the version row, so neither exists without the other. */
export type AuditPublish = (tx: Prisma.TransactionClient, versionId: string) => Promise<void>;

/** Postgres refused a duplicate: here, another publish of the same version won. */
export const isUniqueViolation = (error: unknown): boolean => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/**
 * Stores one version: the blob first (content-addressed, so a loser's bytes are never named by a
 * row), then the package (created or its description refreshed) and the version row with its
 * audit entry in one transaction. The unique (package, version) decides between concurrent
 * publishes: the loser's create throws, and `isUniqueViolation` tells the caller so.
 */
export async function storeHubVersion(prisma: PrismaClient, blobs: BlobStore, version: VersionToStore, audit: AuditPublish): Promise<string> {
  const { manifest } = version;
  await blobs.put(version.digest, version.artifact);
  const about = { visibility: manifest.visibility, description: manifest.description, keywords: [...manifest.keywords] };
  return prisma.$transaction(async (tx) => {
    const pkg = await tx.hubPackage.upsert({
      where: { groupId_name: { groupId: version.groupId, name: manifest.name } },
      create: { id: newId("hubPackage"), groupId: version.groupId, name: manifest.name, kind: manifest.kind, ...about },
      update: about,
    });
    const row = await tx.hubVersion.create({
      data: {
        id: newId("hubVersion"),
        packageId: pkg.id,
        version: manifest.version,
        manifest: manifest as unknown as Prisma.InputJsonObject,
        readme: version.readme,
        digest: version.digest,
        sizeBytes: version.artifact.byteLength,
        bundle: version.bundle as unknown as Prisma.InputJsonObject,
        keyId: version.keyId,
        publishedById: version.publishedById,
      },
    });
    await audit(tx, row.id);
    return row.id;
  });
}
