/**
 * Orders semantic versions by precedence (semver.org §11): numeric core first,
 * then a pre-release sorts before its release, identifiers compared one by one
 * (numeric ones numerically and below alphanumeric ones). Both arguments must
 * already be valid versions (module-reference.ts versionProblem).
 */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = split(a);
  const [coreB, preB] = split(b);
  for (let i = 0; i < 3; i++) {
    const diff = coreA[i]! - coreB[i]!;
    if (diff !== 0) return Math.sign(diff);
  }
  if (preA === null || preB === null) return preA === preB ? 0 : preA === null ? 1 : -1;
  const idsA = preA.split(".");
  const idsB = preB.split(".");
  for (let i = 0; i < Math.min(idsA.length, idsB.length); i++) {
    const order = compareIdentifiers(idsA[i]!, idsB[i]!);
    if (order !== 0) return order;
  }
  return Math.sign(idsA.length - idsB.length);
}

function split(version: string): [number[], string | null] {
  const dash = version.indexOf("-");
  const core = dash < 0 ? version : version.slice(0, dash);
  return [core.split(".").map(Number), dash < 0 ? null : version.slice(dash + 1)];
}

const NUMERIC = /^\d+$/;

function compareIdentifiers(a: string, b: string): number {
  const numericA = NUMERIC.test(a);
  const numericB = NUMERIC.test(b);
  if (numericA && numericB) return Math.sign(Number(a) - Number(b));
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
