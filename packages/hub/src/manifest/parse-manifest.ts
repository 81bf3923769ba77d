import { hubManifestSchema, type HubManifest } from "./schema.js";
import { issueEnding, sentenceOf } from "./sentence.js";

export type ManifestResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Checks a manifest from outside (a publish request, a resolve answer): one sentence naming the field when it is wrong. */
export function parseManifest(input: unknown): ManifestResult<HubManifest> {
  const parsed = hubManifestSchema.safeParse(input, { error: issueEnding });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: sentenceOf(parsed.error.issues, "The manifest") };
}
