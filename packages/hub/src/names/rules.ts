import semver from "semver";

const GROUP = /^[a-z0-9][a-z0-9-]{1,38}$/;
const PACKAGE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Long enough for any real version with a prerelease tag; bounds what a lookup key can be. */
const VERSION_MAX_LENGTH = 64;

/** Why `group` cannot name a hub group, as one sentence, or null when it can. */
export function groupProblem(group: string): string | null {
  if (GROUP.test(group)) return null;
  return `The group "${group}" must be 2 to 39 lowercase letters, digits or hyphens, starting with a letter or digit.`;
}

/** Why `name` cannot name a package in a group, as one sentence, or null when it can. */
export function packageNameProblem(name: string): string | null {
  if (PACKAGE_NAME.test(name)) return null;
  return `The package name "${name}" must be 1 to 64 lowercase letters, digits, dots, hyphens or underscores, starting with a letter or digit.`;
}

/**
 * Why `version` cannot be a published version, or null when it can. Only the canonical form counts
 * ("1.2.3", not "v1.2.3" or "=1.2.3"), so one version has one spelling in every URL and row; build
 * metadata is refused because semver ignores it when comparing, so "1.2.3+a" and "1.2.3+b" would
 * be two rows for one version.
 */
export function versionProblem(version: string): string | null {
  const valid = version.length <= VERSION_MAX_LENGTH ? semver.valid(version) : null;
  if (valid !== null && version.startsWith(`${valid}+`)) return `The version "${version}" has build metadata ("+…"), which the hub does not accept: use a prerelease tag such as 1.2.3-beta.1 instead.`;
  if (valid !== version) return `The version "${version}" is not a semantic version such as 1.2.3 or 1.2.3-beta.1.`;
  return null;
}

/** Why `range` is not a version range, or null when it is. */
export function rangeProblem(range: string): string | null {
  if (range.trim() !== "" && semver.validRange(range) !== null) return null;
  return `The version range "${range}" is not valid: use an exact version (1.2.3) or a range such as ^1.2, ~1.2.3, 1.x or *.`;
}
