import semver from "semver";

export interface PublishedVersion {
  readonly version: string;
  readonly yanked: boolean;
}

/**
 * The version a range installs: the highest matching version that is not yanked. An exact version
 * is the one exception and resolves even when yanked, as with cargo: yanking keeps a version out of
 * new resolutions but never breaks someone who pinned it. Prereleases match only a range that names
 * one (semver's default), so `^1.2` never installs `1.3.0-beta.1`.
 */
export function resolveVersion(versions: readonly PublishedVersion[], range: string): string | null {
  // "=1.2.3" is semver's other spelling of an exact version; semver.valid takes only the bare one.
  const exact = semver.valid(range.trim().replace(/^=\s*/, ""));
  if (exact !== null) return versions.find((published) => semver.valid(published.version) !== null && semver.eq(published.version, exact))?.version ?? null;
  if (semver.validRange(range) === null) return null;
  const candidates = versions.filter((published) => !published.yanked).map((published) => published.version);
  return semver.maxSatisfying(candidates, range);
}
