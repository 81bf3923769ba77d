import type { ErrorName } from "@freshet/protocol/errors/error-codes";
import type { SmartModuleKind } from "@freshet/smartmodule/record";
import type { ParamSpecs } from "@freshet/smartmodule/params/param-spec";
import type { ModuleProvenance } from "./hub-provenance.js";

/** A registered SmartModule version, as listed to users. */
export interface SmartModuleEntry {
  readonly name: string;
  /** Semantic version, e.g. 0.1.0. */
  readonly version: string;
  /** sha256 of the component bytes, hex. */
  readonly digest: string;
  readonly kind: SmartModuleKind;
  readonly description: string | null;
  readonly params: ParamSpecs;
  readonly sizeBytes: number;
  /** Milliseconds since the epoch. */
  readonly loadedAt: number;
  /** Set when the module was loaded from the hub with a signature that verified; null for a plain load. */
  readonly provenance: ModuleProvenance | null;
}

export interface RegistryProblem {
  readonly errorName: ErrorName;
  readonly message: string;
}

export type RegistryResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RegistryProblem };

/**
 * Where a cluster keeps its SmartModules. Standalone brokers store them in their
 * data directory; in a cluster the controller owns the list and SPUs fetch
 * artifacts by digest. `load` checks the component (it must compile, describe
 * itself and import nothing but our world) before it is registered.
 */
export interface SmartModuleRegistry {
  /**
   * `provenance` is a hub load's claim (LoadSmartModule v1, JSON): the registry that
   * stores the module verifies its signature over `component` first and refuses the
   * load with INVALID_REQUEST when it fails; null for a plain load.
   */
  load(name: string, version: string, component: Uint8Array, provenance?: string | null): Promise<RegistryResult<SmartModuleEntry>>;
  /** Every version, by name then version; fails when the registry is out of reach (an SPU whose controller is down). */
  list(): Promise<RegistryResult<SmartModuleEntry[]>>;
  /** Deletes one version, or every version when `version` is null. */
  delete(name: string, version: string | null): Promise<RegistryProblem | null>;
  /** The named version, or the highest version when `version` is null, with its bytes. */
  resolve(name: string, version: string | null): Promise<RegistryResult<{ entry: SmartModuleEntry; component: Uint8Array }>>;
}
