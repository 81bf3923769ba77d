/** Key ids are 32 hex characters; the first 8 tell keys of one group apart on screen, the full id is in the title. */
export function shortKeyId(keyId: string): string {
  return keyId.length > 8 ? `${keyId.slice(0, 8)}…` : keyId;
}

/** The signature line of a version: the API verified the signature against the group's keys when it was published. */
export function signatureSentence(keyId: string, group: string): string {
  return `Signed by key ${shortKeyId(keyId)} of group ${group}`;
}

export interface HubUpdate {
  readonly package: string;
  readonly from: string;
  readonly to: string;
}

/** What "Update from Hub" did, as one line a person reads: `acme/hot 1.2.0 → 1.3.0`. */
export function updateSentence(updated: readonly HubUpdate[]): string {
  if (updated.length === 0) return "Every hub SmartModule already runs the newest version its range allows.";
  return `Updated ${updated.map((u) => `${u.package} ${u.from} → ${u.to}`).join(", ")}.`;
}

/** Where a loaded SmartModule came from: its package and the range it follows (none when installed by exact version). */
export function provenanceLabel(provenance: { readonly package: string; readonly range: string | null }): string {
  return provenance.range === null ? `from the Hub: ${provenance.package}` : `from the Hub: ${provenance.package} (${provenance.range})`;
}
