import { digestOf } from "@freshet/smartmodule/host/digest";
import { BlobDirectory } from "./blob-directory.js";
import type { RegistryProblem, RegistryResult, SmartModuleEntry, SmartModuleRegistry } from "./registry.js";
import { notLoaded, selectEntry } from "./select-entry.js";

/** The controller calls an SPU's registry makes (ControllerClient implements them). */
export interface SmartModuleController {
  loadSmartModule(name: string, version: string, component: Uint8Array, provenance: string | null): Promise<RegistryResult<SmartModuleEntry>>;
  listSmartModules(): Promise<RegistryResult<SmartModuleEntry[]>>;
  deleteSmartModule(name: string, version: string | null): Promise<RegistryProblem | null>;
  fetchSmartModule(digest: string): Promise<RegistryResult<Uint8Array>>;
}

/**
 * An SPU's view of the cluster's registry, which the controller owns: load, list
 * and delete go to the controller. `resolve` asks it for the entries, then reads
 * the component from a local cache of blobs by digest, fetching it once. Digests
 * name content, so a cached blob never goes stale; a fetched one is checked
 * against its digest before it is kept.
 *
 * While the controller is unreachable, `resolve` answers from the last list it
 * received, so chains over modules already cached keep opening.
 */
export class ControllerRegistry implements SmartModuleRegistry {
  readonly #fetching = new Map<string, Promise<RegistryResult<Uint8Array>>>();
  readonly #blobs: BlobDirectory;
  #lastList: SmartModuleEntry[] | null = null;

  /** `blobDir` holds the components fetched so far, as <digest>.wasm. */
  constructor(
    private readonly controller: SmartModuleController,
    blobDir: string,
  ) {
    this.#blobs = new BlobDirectory(blobDir);
  }

  /** The controller verifies a hub load's provenance: it is the one that stores the module. */
  load(name: string, version: string, component: Uint8Array, provenance: string | null = null): Promise<RegistryResult<SmartModuleEntry>> {
    return this.controller.loadSmartModule(name, version, component, provenance);
  }

  async list(): Promise<RegistryResult<SmartModuleEntry[]>> {
    const listed = await this.controller.listSmartModules();
    if (listed.ok) this.#lastList = listed.value;
    return listed;
  }

  delete(name: string, version: string | null): Promise<RegistryProblem | null> {
    return this.controller.deleteSmartModule(name, version);
  }

  async resolve(name: string, version: string | null): Promise<RegistryResult<{ entry: SmartModuleEntry; component: Uint8Array }>> {
    const listed = await this.list();
    if (!listed.ok && this.#lastList === null) return listed;
    const entry = selectEntry(listed.ok ? listed.value : (this.#lastList ?? []), name, version);
    if (entry === undefined) return { ok: false, error: notLoaded(name, version) };
    const component = await this.#component(entry.digest);
    return component.ok ? { ok: true, value: { entry, component: component.value } } : component;
  }

  async #component(digest: string): Promise<RegistryResult<Uint8Array>> {
    const cached = await this.#blobs.read(digest);
    if (cached !== null) return { ok: true, value: cached };
    // Chains opening on several partitions at once share one fetch.
    let fetching = this.#fetching.get(digest);
    if (fetching === undefined) {
      fetching = this.#fetchAndKeep(digest).finally(() => this.#fetching.delete(digest));
      this.#fetching.set(digest, fetching);
    }
    return fetching;
  }

  async #fetchAndKeep(digest: string): Promise<RegistryResult<Uint8Array>> {
    const fetched = await this.controller.fetchSmartModule(digest);
    if (!fetched.ok) return fetched;
    if (digestOf(fetched.value) !== digest) {
      return { ok: false, error: { errorName: "CORRUPT_MESSAGE", message: `the controller sent a SmartModule component that does not match digest ${digest}` } };
    }
    await this.#blobs.write(digest, fetched.value);
    return fetched;
  }
}
