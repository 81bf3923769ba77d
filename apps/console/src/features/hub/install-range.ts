import { rangeProblem } from "@freshet/hub/names";
import { resolveVersion } from "@freshet/hub/resolve";

export interface VersionChoice {
  readonly version: string;
  readonly yanked: { readonly reason: string } | null;
}

/**
 * The range the install form starts with: compatible updates of the newest version (`^1.4.2`), so
 * "Update from Hub" later moves the cluster along minor and patch releases but never to 2.0.0.
 * A package whose every version is yanked has no default: any range would resolve to nothing.
 */
export function defaultRange(latest: string | null): string {
  return latest === null ? "" : `^${latest}`;
}

export type RangeAnswer = { readonly ok: true; readonly version: string; readonly yankReason: string | null } | { readonly ok: false; readonly message: string };

/**
 * What installing `range` would load now, worked out as the API does it (hubcore's resolver), so
 * the form can say so before anyone presses Install. An exact yanked version still resolves; the
 * person sees why it was yanked.
 */
export function previewRange(versions: readonly VersionChoice[], range: string): RangeAnswer {
  const trimmed = range.trim();
  const problem = rangeProblem(trimmed);
  if (problem !== null) return { ok: false, message: problem };
  const version = resolveVersion(
    versions.map((v) => ({ version: v.version, yanked: v.yanked !== null })),
    trimmed,
  );
  if (version === null) {
    const published = versions.length === 0 ? "none" : versions.map((v) => (v.yanked === null ? v.version : `${v.version} (yanked)`)).join(", ");
    return { ok: false, message: `No installable version matches ${trimmed}; published versions: ${published}.` };
  }
  return { ok: true, version, yankReason: versions.find((v) => v.version === version)?.yanked?.reason ?? null };
}
