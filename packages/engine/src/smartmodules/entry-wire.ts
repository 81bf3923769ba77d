import type { SmartModuleEntryWire } from "@freshet/protocol/messages/freshet/smartmodules";
import { entrySchema } from "./entry-schema.js";
import type { SmartModuleEntry } from "./registry.js";

export function entryToWire(entry: SmartModuleEntry): SmartModuleEntryWire {
  return {
    name: entry.name,
    version: entry.version,
    digest: entry.digest,
    kind: entry.kind,
    description: entry.description,
    params: Object.entries(entry.params).map(([name, spec]) => ({ name, type: spec.type, description: spec.description ?? null, default: spec.default ?? null })),
    sizeBytes: BigInt(entry.sizeBytes),
    loadedAt: BigInt(entry.loadedAt),
    provenance: entry.provenance === null ? null : JSON.stringify(entry.provenance),
  };
}

/** The entry fields of a refused LoadSmartModule: present on the wire, meaningless. */
export const NO_ENTRY: SmartModuleEntryWire = { name: "", version: "", digest: "", kind: "", description: null, params: [], sizeBytes: 0n, loadedAt: 0n, provenance: null };

/** An entry received from the controller, checked like any input (kinds and param types it names must be ones this SPU knows). */
export function entryFromWire(wire: SmartModuleEntryWire): { ok: true; value: SmartModuleEntry } | { ok: false; message: string } {
  let provenance: unknown;
  try {
    provenance = wire.provenance === null ? null : JSON.parse(wire.provenance);
  } catch {
    return { ok: false, message: `the controller sent invalid provenance JSON for '${wire.name}@${wire.version}'` };
  }
  const parsed = entrySchema.safeParse({
    ...wire,
    params: Object.fromEntries(
      wire.params.map((p) => [p.name, { type: p.type, ...(p.description === null ? {} : { description: p.description }), ...(p.default === null ? {} : { default: p.default }) }]),
    ),
    sizeBytes: Number(wire.sizeBytes),
    loadedAt: Number(wire.loadedAt),
    provenance,
  });
  if (!parsed.success) return { ok: false, message: `the controller sent an invalid SmartModule entry for '${wire.name}@${wire.version}': ${parsed.error.issues[0]?.message ?? "invalid"}` };
  return { ok: true, value: parsed.data };
}
