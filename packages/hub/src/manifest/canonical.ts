import { createHash } from "node:crypto";
import type { HubManifest } from "./schema.js";

/**
 * The manifest as JSON with every object's keys sorted and no whitespace, so the digest a signature
 * covers does not depend on how a client happened to order or indent it.
 */
export function canonicalManifestJson(manifest: HubManifest): string {
  return canonical(manifest);
}

/** sha256 (lowercase hex) of the canonical JSON: what a package's signature binds the manifest by. */
export function manifestDigest(manifest: HubManifest): string {
  return createHash("sha256").update(canonicalManifestJson(manifest), "utf8").digest("hex");
}

/**
 * Written out by hand rather than through JSON.stringify of a re-keyed object: JavaScript objects
 * list integer-like keys ("9", "10") first whatever the insertion order, which would not be the
 * sorted order another implementation computes.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonical(item))).join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const keys = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(",")}}`;
}
