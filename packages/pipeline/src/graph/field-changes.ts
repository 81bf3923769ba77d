import type { FieldChange } from "./contract.js";

/*
 * Field-level differences between two JSON-like values (parsed documents). Objects are compared
 * key by key, so a change is reported at the deepest field that differs; arrays and scalars are
 * compared whole. Key order never counts as a change. Pure (no node:util): the console uses it.
 */

type Path = readonly (string | number)[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => deepEqual(a[k], b[k]));
}

export function fieldChanges(before: unknown, after: unknown, path: Path = []): FieldChange[] {
  if (!isPlainObject(before) || !isPlainObject(after)) return deepEqual(before, after) ? [] : [{ path, before, after }];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key) => fieldChanges(before[key], after[key], [...path, key]));
}

/** Sets the field at `path` to `value`, or deletes it when `value` is undefined; parents exist (changes are reported where both sides are objects). */
export function applyFieldChange(target: Record<string, unknown>, path: Path, value: unknown): void {
  const parentPath = path.slice(0, -1);
  const key = path.at(-1);
  if (key === undefined) throw new Error("a field change needs a path");
  let parent: unknown = target;
  for (const step of parentPath) parent = isPlainObject(parent) ? parent[String(step)] : undefined;
  if (!isPlainObject(parent)) throw new Error(`the diff does not apply: ${parentPath.join(".")} is not an object`);
  if (value === undefined) delete parent[String(key)];
  else parent[String(key)] = structuredClone(value);
}
