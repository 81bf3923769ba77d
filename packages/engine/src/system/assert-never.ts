/** The default branch of an exhaustive switch: a compile error when a case is missing, a throw if one slips in at run time. */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`unexpected ${what} ${String(value)}`);
}
