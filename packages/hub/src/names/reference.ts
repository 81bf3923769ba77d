import { groupProblem, packageNameProblem, rangeProblem, versionProblem } from "./rules.js";

export type NamesResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** `group/name@range`: what someone asks for. A reference without `@` asks for any version. */
export interface PackageRef {
  readonly group: string;
  readonly name: string;
  readonly range: string;
}

/** `group/name@version`: one published version. */
export interface ExactRef {
  readonly group: string;
  readonly name: string;
  readonly version: string;
}

const ANY_VERSION = "*";

/** Reads `group/name` or `group/name@range` (`acme/hot@^1.2`, `acme/hot@1.2.3`, `acme/hot`). */
export function parsePackageRef(text: string): NamesResult<PackageRef> {
  const trimmed = text.trim();
  const at = trimmed.indexOf("@");
  const path = at === -1 ? trimmed : trimmed.slice(0, at);
  const parts = path.split("/");
  if (parts.length !== 2) return { ok: false, message: `"${text}" is not a package reference: write group/name or group/name@range, such as acme/hot@^1.2.` };
  const [group = "", name = ""] = parts;
  const problem = groupProblem(group) ?? packageNameProblem(name);
  if (problem !== null) return { ok: false, message: problem };
  if (at === -1) return { ok: true, value: { group, name, range: ANY_VERSION } };
  const range = trimmed.slice(at + 1).trim();
  const badRange = rangeProblem(range);
  if (badRange !== null) return { ok: false, message: badRange };
  return { ok: true, value: { group, name, range } };
}

/** Reads `group/name@version` where the version is exact (what a download or a yank names). */
export function parseExactRef(text: string): NamesResult<ExactRef> {
  const parsed = parsePackageRef(text);
  if (!parsed.ok) return parsed;
  const { group, name, range } = parsed.value;
  if (!text.includes("@")) return { ok: false, message: `"${text}" names no version: write ${group}/${name}@1.2.3 with the exact version.` };
  if (versionProblem(range) !== null) return { ok: false, message: `"${text}" must name one exact version, such as ${group}/${name}@1.2.3.` };
  return { ok: true, value: { group, name, version: range } };
}

/** The text form of a reference: `group/name@version`, `group/name@range`, or `group/name` for any version. */
export function formatRef(ref: { readonly group: string; readonly name: string; readonly version?: string; readonly range?: string }): string {
  const pinned = ref.version ?? ref.range;
  return pinned === undefined || pinned === ANY_VERSION ? `${ref.group}/${ref.name}` : `${ref.group}/${ref.name}@${pinned}`;
}
