import type { HubGroup, HubPackage, HubVersion, PrismaClient } from "@freshet/db/client";
import { resolveVersion } from "@freshet/hub/resolve";
import { AppError } from "../errors.js";

export type PackageRow = HubPackage & { readonly group: HubGroup };
export type PackageWithVersions = PackageRow & { readonly versions: readonly HubVersion[] };

export const refOf = (group: string, name: string, version?: string): string => `${group}/${name}${version === undefined ? "" : `@${version}`}`;

/** Where the bytes of a version are served (GET, see http/hub-artifact.ts). */
export const artifactPath = (group: string, name: string, version: string): string =>
  `/api/hub/packages/${encodeURIComponent(group)}/${encodeURIComponent(name)}/${encodeURIComponent(version)}/artifact`;

/** Public packages are everyone's; a private one only its own org's (others are told it does not exist). */
export function canSee(pkg: PackageRow, viewerOrgId: string | null): boolean {
  return pkg.visibility === "public" || pkg.group.orgId === viewerOrgId;
}

const missing = (group: string, name: string): AppError => new AppError("not-found", `No package ${refOf(group, name)} on the Hub.`);

/** The package as this caller may see it, with its versions (oldest first); NOT_FOUND otherwise. */
export async function visiblePackage(prisma: PrismaClient, group: string, name: string, viewerOrgId: string | null): Promise<PackageWithVersions> {
  const pkg = await prisma.hubPackage.findFirst({ where: { name, group: { name: group } }, include: { group: true, versions: { orderBy: { publishedAt: "asc" } } } });
  if (pkg === null || !canSee(pkg, viewerOrgId)) throw missing(group, name);
  return pkg;
}

/** Search, resolve and downloads refuse a taken-down package with staff's reason. */
export function refuseTakenDown(pkg: PackageRow): void {
  if (pkg.takenDownAt === null) return;
  const reason = pkg.takenDownReason ?? "no reason given";
  throw new AppError("not-found", `${refOf(pkg.group.name, pkg.name)} was taken down by Freshet staff: ${/[.!?]$/.test(reason) ? reason : `${reason}.`}`);
}

/** A package of the caller's own org, for yank and unyank; any other answers as missing. */
export async function ownPackage(prisma: PrismaClient, group: string, name: string, orgId: string): Promise<PackageWithVersions> {
  const pkg = await prisma.hubPackage.findFirst({ where: { name, group: { name: group, orgId } }, include: { group: true, versions: { orderBy: { publishedAt: "asc" } } } });
  if (pkg === null) throw new AppError("not-found", `Your organization has no package ${refOf(group, name)}.`);
  return pkg;
}

/** UTC midnight of `at`: the key of HubDownloadDay. */
export function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** One more download of the package today (UTC). */
export async function countDownload(prisma: PrismaClient, packageId: string, at: Date): Promise<void> {
  const day = utcDay(at);
  await prisma.hubDownloadDay.upsert({ where: { packageId_day: { packageId, day } }, create: { packageId, day, count: 1 }, update: { count: { increment: 1 } } });
}

/** The version `range` installs (a yanked one only when asked for exactly); NOT_FOUND naming the versions there are. */
export function versionForRange(pkg: PackageWithVersions, range: string): HubVersion {
  const chosen = resolveVersion(
    pkg.versions.map((v) => ({ version: v.version, yanked: v.yankedAt !== null })),
    range,
  );
  const row = pkg.versions.find((v) => v.version === chosen);
  if (row !== undefined) return row;
  const existing = pkg.versions.map((v) => (v.yankedAt === null ? v.version : `${v.version} (yanked)`)).join(", ");
  throw new AppError("not-found", `No version of ${refOf(pkg.group.name, pkg.name)} matches ${range}; it has ${existing}.`);
}
