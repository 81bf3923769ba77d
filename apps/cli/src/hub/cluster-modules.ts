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
 * The Hub packages among a cluster's SmartModules, one per package at its newest loaded version
 * (the one chains naming the module without a version run), with that version's range. When that
 * version was loaded exactly (pinned, no range) the package stays where it is, as the API's
 * hub.update does.
 */
export function installedPackages(modules: readonly SmartModuleInfo[]): InstalledPackage[] {
  const newest = new Map<string, SmartModuleInfo>();
  for (const module of modules) {
    const seen = newest.get(module.name);
    if (seen === undefined || semver.gt(module.version, seen.version)) newest.set(module.name, module);
  }
  const installed: InstalledPackage[] = [];
  for (const module of newest.values()) {
    const provenance = module.provenance;
    if (provenance === null || provenance.range === null) continue;
    const [group, name] = provenance.package.split("/") as [string, string];
    installed.push({ group, name, version: module.version, range: provenance.range });
  }
  return installed.sort((a, b) => `${a.group}/${a.name}`.localeCompare(`${b.group}/${b.name}`));
}

/** Whether the Hub's answer for a range is newer than what is loaded (a yank can make it older: then nothing moves). */
export function isNewer(candidate: string, loaded: string): boolean {
  return semver.gt(candidate, loaded);
}
