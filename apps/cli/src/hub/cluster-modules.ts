import semver from "semver";
import type { SmartModuleInfo } from "@freshet/client/admin/smartmodules";

/** A Hub package loaded in a cluster: its newest loaded version and the range it was loaded with. */
export interface InstalledPackage {
  readonly group: string;
  readonly name: string;
  readonly version: string;
  readonly range: string;
}

/**
 * The Hub packages among a cluster's SmartModules, one per package at its newest loaded
 * version. A module loaded without a range (pinned) is left where it is.
 */
export function installedPackages(modules: readonly SmartModuleInfo[]): InstalledPackage[] {
  const newest = new Map<string, InstalledPackage>();
  for (const module of modules) {
    const provenance = module.provenance;
    if (provenance === null || provenance.range === null) continue;
    const [group, name] = provenance.package.split("/") as [string, string];
    const seen = newest.get(provenance.package);
    if (seen === undefined || semver.gt(module.version, seen.version)) newest.set(provenance.package, { group, name, version: module.version, range: provenance.range });
  }
  return [...newest.values()].sort((a, b) => `${a.group}/${a.name}`.localeCompare(`${b.group}/${b.name}`));
}

/** Whether the Hub's answer for a range is newer than what is loaded (a yank can make it older: then nothing moves). */
export function isNewer(candidate: string, loaded: string): boolean {
  return semver.gt(candidate, loaded);
}
