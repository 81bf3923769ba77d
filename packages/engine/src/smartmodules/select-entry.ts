import type { RegistryProblem, SmartModuleEntry } from "./registry.js";
import { compareVersions } from "./semver-order.js";

/** The entry `name@version` names, or for a null version the highest version of `name`. */
export function selectEntry(entries: readonly SmartModuleEntry[], name: string, version: string | null): SmartModuleEntry | undefined {
  let best: SmartModuleEntry | undefined;
  for (const entry of entries) {
    if (entry.name !== name || (version !== null && entry.version !== version)) continue;
    if (best === undefined || compareVersions(entry.version, best.version) > 0) best = entry;
  }
  return best;
}

export function notLoaded(name: string, version: string | null): RegistryProblem {
  return { errorName: "RESOURCE_NOT_FOUND", message: `no SmartModule ${version === null ? name : `${name}@${version}`} is loaded` };
}
