import type { FormValue } from "./form.js";

/** The parameters as one string with keys sorted, so the same request encoded in another order still matches. */
export function canonicalParameters(value: FormValue): string {
  const sorted = (inner: FormValue): unknown => {
    if (typeof inner === "string") return inner;
    if (Array.isArray(inner)) return inner.map(sorted);
    return Object.fromEntries(
      Object.keys(inner)
        .sort()
        .map((key) => [key, sorted(inner[key] ?? "")]),
    );
  };
  return JSON.stringify(sorted(value));
}

export function idempotencyMismatch(key: string): string {
  return `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;
}
