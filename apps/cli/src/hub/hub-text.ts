import { formatBytes } from "../output/byte-size.js";
import { formatTable } from "../output/table.js";
import type { PackageView, SearchResult } from "./hub-api.js";

/** Digests and key ids are shown by their first characters, as `sm list` shows digests. */
const SHORT = 12;

export function searchText(results: readonly SearchResult[], term: string | undefined): string {
  if (results.length === 0) return term === undefined ? "the Hub has no packages yet\n" : `no packages match "${term}"\n`;
  const rows = results.map((r) => [`${r.group}/${r.name}`, r.kind, r.latestVersion ?? "-", String(r.downloads30d), r.visibility, r.description]);
  return `${formatTable(["PACKAGE", "KIND", "LATEST", "DOWNLOADS (30 D)", "VISIBILITY", "DESCRIPTION"], rows)}\n`;
}

/** `hub info`: what the package is, who signed each version, which versions are yanked and why. */
export function packageText(pkg: PackageView): string {
  const lines = [`${pkg.group}/${pkg.name} (${pkg.kind}, ${pkg.visibility}): ${pkg.description}`];
  const about = [`license ${pkg.license}`, ...(pkg.repository ? [`repository ${pkg.repository}`] : []), ...(pkg.keywords.length > 0 ? [`keywords ${pkg.keywords.join(", ")}`] : [])];
  lines.push(about.join("; "));
  if (pkg.takenDown !== null) lines.push(`taken down by Freshet: ${pkg.takenDown.reason}`);
  const downloads = pkg.downloadsPerDay.reduce((sum, day) => sum + day.count, 0);
  lines.push(`latest ${pkg.latest ?? "- (every version is yanked)"}; ${downloads} download${downloads === 1 ? "" : "s"} in the last 30 days`);
  const rows = pkg.versions.map((v) => [
    v.version,
    v.publishedAt.slice(0, 10),
    formatBytes(v.sizeBytes),
    v.digest.slice(0, SHORT),
    v.keyId.slice(0, SHORT),
    v.yanked === null ? "-" : `yanked: ${v.yanked.reason}`,
  ]);
  lines.push(formatTable(["VERSION", "PUBLISHED", "SIZE", "DIGEST", "SIGNED BY KEY", "STATUS"], rows));
  return `${lines.join("\n")}\n`;
}

export function shortKey(keyId: string): string {
  return `${keyId.slice(0, SHORT)}…`;
}
