import { createHash } from "node:crypto";
import type { PrismaClient } from "@freshet/db/client";
import { resolveVersion } from "@freshet/hub/resolve";
import type { BlobStore } from "@freshet/hub/storage";
import type { HubReader, ResolvedHubVersion } from "./hub-reader.js";

export interface PrismaHubReaderOptions {
  readonly prisma: Pick<PrismaClient, "hubPackage" | "hubKey">;
  readonly blobs: BlobStore;
  /** The org whose private packages this reader also sees (the cluster's); public packages are everyone's. */
  readonly orgId: string;
}

function split(pkg: string): { group: string; name: string } | null {
  const slash = pkg.indexOf("/");
  return slash > 0 ? { group: pkg.slice(0, slash), name: pkg.slice(slash + 1) } : null;
}

/**
 * The hub as the database and blob store hold it, as one org sees it: a
 * taken-down package or another org's private one resolves to nothing. Artifact
 * bytes are checked against the version's digest before they are handed out.
 */
export function prismaHubReader({ prisma, blobs, orgId }: PrismaHubReaderOptions): HubReader {
  const visible = async (pkg: string) => {
    const parts = split(pkg);
    if (parts === null) return null;
    const found = await prisma.hubPackage.findFirst({
      where: { name: parts.name, group: { name: parts.group }, takenDownAt: null, OR: [{ visibility: "public" }, { group: { orgId } }] },
      include: { versions: true },
    });
    return found;
  };
  return {
    async resolve(pkg, range): Promise<ResolvedHubVersion | null> {
      const found = await visible(pkg);
      if (found === null) return null;
      const version = resolveVersion(
        found.versions.map((v) => ({ version: v.version, yanked: v.yankedAt !== null })),
        range,
      );
      const row = found.versions.find((v) => v.version === version);
      if (row === undefined) return null;
      const key = await prisma.hubKey.findUnique({ where: { id: row.keyId }, select: { publicKeyPem: true } });
      if (key === null) return null;
      return { version: row.version, digest: row.digest, manifest: row.manifest, bundle: row.bundle, publicKeyPem: key.publicKeyPem, keyId: row.keyId };
    },
    async artifact(pkg, version) {
      const row = (await visible(pkg))?.versions.find((v) => v.version === version);
      if (row === undefined) throw new Error(`${pkg}@${version} is not on the Hub.`);
      const bytes = await blobs.get(row.digest);
      if (bytes === null) throw new Error(`The artifact of ${pkg}@${version} is missing from the Hub's storage.`);
      if (createHash("sha256").update(bytes).digest("hex") !== row.digest) throw new Error(`The stored artifact of ${pkg}@${version} does not match its signed digest; it was not used.`);
      return bytes;
    },
  };
}
