import { join } from "node:path";
import { digestOf } from "@freshet/smartmodule/host/digest";
import { z } from "zod";
import { AtomicJsonFile } from "../metadata/atomic-json-file.js";
import { systemClock, type Clock } from "../system/clock.js";
import { BlobDirectory } from "./blob-directory.js";
import { entrySchema } from "./entry-schema.js";
import { verifyHubProvenance, type ProvenanceVerifier } from "./hub-provenance.js";
import { inspectComponent } from "./inspect-component.js";
import { moduleNameProblem, versionProblem } from "./module-reference.js";
import type { RegistryProblem, RegistryResult, SmartModuleEntry, SmartModuleRegistry } from "./registry.js";
import { notLoaded, selectEntry } from "./select-entry.js";
import { compareVersions } from "./semver-order.js";

const indexSchema = z.object({ version: z.literal(1), modules: z.array(entrySchema) });

const DIGEST = /^[0-9a-f]{64}$/;

function problem(errorName: RegistryProblem["errorName"], message: string): { ok: false; error: RegistryProblem } {
  return { ok: false, error: { errorName, message } };
}

/**
 * A registry in one directory: `index.json` (the entries, replaced atomically)
 * and `blobs/<digest>.wasm` (the components, content-addressed so versions with
 * the same bytes share one file). A blob is written before the index names it,
 * so a crash leaves at worst an unreferenced blob, never an entry without bytes.
 * Mutations are serialized; reads see the last committed index.
 *
 * Errors: a component that does not compile or describe itself, and a malformed
 * name or version, are INVALID_REQUEST (the request's payload is wrong, not a
 * setting); loading an existing name@version with other bytes is INVALID_REQUEST
 * too (versions are immutable); an unknown module is RESOURCE_NOT_FOUND. A load
 * from the hub carries a provenance claim whose signature must verify against the
 * component before anything is stored; a failure is INVALID_REQUEST with the
 * verifier's sentence.
 */
export class FileRegistry implements SmartModuleRegistry {
  readonly #index: AtomicJsonFile;
  readonly #blobs: BlobDirectory;
  #entries: SmartModuleEntry[];
  #mutating: Promise<unknown> = Promise.resolve();

  private constructor(
    dir: string,
    entries: SmartModuleEntry[],
    private readonly clock: Clock,
    private readonly verify: ProvenanceVerifier,
  ) {
    this.#index = new AtomicJsonFile(join(dir, "index.json"));
    this.#blobs = new BlobDirectory(join(dir, "blobs"));
    this.#entries = entries;
  }

  static async open(dir: string, clock: Clock = systemClock, verify: ProvenanceVerifier = verifyHubProvenance): Promise<FileRegistry> {
    const json = await new AtomicJsonFile(join(dir, "index.json")).read();
    if (json === null) return new FileRegistry(dir, [], clock, verify);
    const parsed = indexSchema.safeParse(json);
    if (!parsed.success) throw new Error(`SmartModule index ${join(dir, "index.json")} is invalid: ${parsed.error.message}`);
    return new FileRegistry(dir, parsed.data.modules, clock, verify);
  }

  load(name: string, version: string, component: Uint8Array, provenance: string | null = null): Promise<RegistryResult<SmartModuleEntry>> {
    return this.#serialized(() => this.#load(name, version, component, provenance));
  }

  async #load(name: string, version: string, component: Uint8Array, claim: string | null): Promise<RegistryResult<SmartModuleEntry>> {
    const invalid = moduleNameProblem(name) ?? versionProblem(version);
    if (invalid !== null) return problem("INVALID_REQUEST", invalid);
    let provenance = null;
    if (claim !== null) {
      const verified = await this.verify(claim, { name, version, component });
      if (!verified.ok) return problem("INVALID_REQUEST", verified.message);
      provenance = verified.value;
    }
    const digest = digestOf(component);
    const existing = selectEntry(this.#entries, name, version);
    if (existing !== undefined) {
      if (existing.digest === digest) return { ok: true, value: existing };
      return problem(
        "INVALID_REQUEST",
        `SmartModule ${name}@${version} is already loaded with different contents (digest ${existing.digest.slice(0, 12)}); versions are immutable, load it as a new version`,
      );
    }
    const inspected = await inspectComponent(name, component);
    if (!inspected.ok) return problem("INVALID_REQUEST", `SmartModule ${name}@${version} was rejected: ${inspected.message}`);
    const { manifest } = inspected;
    const entry: SmartModuleEntry = {
      name,
      version,
      digest,
      kind: manifest.kind,
      description: manifest.description ?? null,
      params: manifest.params,
      sizeBytes: component.byteLength,
      loadedAt: this.clock.now(),
      provenance,
    };
    await this.#blobs.write(digest, component);
    await this.#commit([...this.#entries, entry]);
    return { ok: true, value: entry };
  }

  async list(): Promise<RegistryResult<SmartModuleEntry[]>> {
    return { ok: true, value: [...this.#entries].sort((a, b) => (a.name === b.name ? compareVersions(a.version, b.version) : a.name < b.name ? -1 : 1)) };
  }

  delete(name: string, version: string | null): Promise<RegistryProblem | null> {
    return this.#serialized(async () => {
      const doomed = this.#entries.filter((entry) => entry.name === name && (version === null || entry.version === version));
      if (doomed.length === 0) return notLoaded(name, version);
      const kept = this.#entries.filter((entry) => !doomed.includes(entry));
      await this.#commit(kept);
      // Blobs go only after the index stops naming them, and only when no other version shares them.
      const stillUsed = new Set(kept.map((entry) => entry.digest));
      for (const digest of new Set(doomed.map((entry) => entry.digest))) {
        if (!stillUsed.has(digest)) await this.#blobs.remove(digest);
      }
      return null;
    });
  }

  async resolve(name: string, version: string | null): Promise<RegistryResult<{ entry: SmartModuleEntry; component: Uint8Array }>> {
    const entry = selectEntry(this.#entries, name, version);
    if (entry === undefined) return { ok: false, error: notLoaded(name, version) };
    const component = await this.component(entry.digest);
    if (component === null) throw new Error(`SmartModule ${entry.name}@${entry.version}: blob ${entry.digest} is missing from ${this.#blobs.dir}`);
    return { ok: true, value: { entry, component } };
  }

  /** The bytes stored under `digest`, or null when no loaded module has them. */
  async component(digest: string): Promise<Uint8Array | null> {
    if (!DIGEST.test(digest) || !this.#entries.some((entry) => entry.digest === digest)) return null;
    return this.#blobs.read(digest);
  }

  async #commit(entries: SmartModuleEntry[]): Promise<void> {
    await this.#index.write({ version: 1, modules: entries });
    this.#entries = entries;
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#mutating.then(work);
    this.#mutating = next.catch(() => undefined);
    return next;
  }
}
