import { createHash } from "node:crypto";
import { errorCode, KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { deleteSmartModule, fetchSmartModule, listSmartModules, loadSmartModule, type SmartModuleEntryWire } from "@freshet/protocol/messages/freshet/smartmodules";
import type { Cluster } from "../cluster/cluster.js";

/** A SmartModule version registered with the cluster (Freshet's ListSmartModules). */
export interface SmartModuleInfo {
  readonly name: string;
  readonly version: string;
  /** sha256 of the component, hex. */
  readonly digest: string;
  /** filter, map, filter-map, array-map or aggregate (text, so a newer broker's kinds stay readable). */
  readonly kind: string;
  readonly description: string | null;
  readonly params: readonly { readonly name: string; readonly type: string; readonly description: string | null; readonly default: string | null }[];
  readonly sizeBytes: number;
  /** Milliseconds since the epoch. */
  readonly loadedAt: number;
  /** Where a module loaded from the hub came from (its signature verified at load); null for a plain load or a broker without provenance. */
  readonly provenance: SmartModuleProvenance | null;
}

export interface SmartModuleProvenance {
  /** The hub package, `group/name` (the module's name). */
  readonly package: string;
  /** The range it was installed by, e.g. `^1.2`; null when an exact version was asked for. */
  readonly range: string | null;
  /** The key that signed it (its id in the hub). */
  readonly keyId: string;
}

/**
 * What a load from the hub sends with the component so the broker can verify it
 * before storing anything (the hub's `hub.resolve` answers all of it). The bundle
 * and manifest are the hub's JSON objects, passed through as they are.
 */
export interface HubProvenance {
  readonly package: string;
  readonly range: string | null;
  /** The Sigstore bundle over the package's in-toto statement. */
  readonly bundle: unknown;
  /** The Ed25519 public key (PEM) the bundle is checked against. */
  readonly publicKeyPem: string;
  /** The package's manifest as published (its digest is signed). */
  readonly manifest: unknown;
}

export interface LoadSmartModuleOptions {
  readonly provenance?: HubProvenance;
}

/** A load compiles and starts the component on the broker (the controller, in a cluster): seconds, not milliseconds. */
const LOAD_TIMEOUT_MS = 120_000;

/** The entry's provenance JSON (ListSmartModules v1), or null when there is none or it is not what a broker writes. */
function provenanceOf(text: string | null): SmartModuleProvenance | null {
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== "object" || json === null) return null;
  const { package: pkg, range, keyId } = json as Record<string, unknown>;
  if (typeof pkg !== "string" || typeof keyId !== "string" || (range !== null && typeof range !== "string")) return null;
  return { package: pkg, range, keyId };
}

function info(wire: SmartModuleEntryWire): SmartModuleInfo {
  const { name, version, digest, kind, description, params } = wire;
  return { name, version, digest, kind, description, params, sizeBytes: Number(wire.sizeBytes), loadedAt: Number(wire.loadedAt), provenance: provenanceOf(wire.provenance) };
}

function refused(code: number, action: string, message: string | null): KafkaProtocolError {
  return new KafkaProtocolError(code, `${action}${message ? ` (${message})` : ""}`);
}

async function connection(cluster: Cluster, action: string) {
  const connection = await cluster.anyConnection();
  if (connection.versionOf(loadSmartModule) === undefined) throw refused(errorCode("UNSUPPORTED_VERSION"), action, "this broker does not manage SmartModules");
  return connection;
}

export async function loadSmartModuleOn(cluster: Cluster, name: string, version: string, component: Uint8Array, options: LoadSmartModuleOptions = {}): Promise<SmartModuleInfo> {
  const action = `load SmartModule ${name}@${version}`;
  const broker = await connection(cluster, action);
  const provenance = options.provenance === undefined ? null : JSON.stringify(options.provenance);
  // v0 has no provenance field: a signed load sent there would be stored unverified and unmarked.
  if (provenance !== null && (broker.versionOf(loadSmartModule) ?? 0) < 1) {
    throw refused(errorCode("UNSUPPORTED_VERSION"), action, "this broker cannot verify modules from the hub; upgrade it");
  }
  const response = await broker.request(loadSmartModule, { name, version, component, provenance }, { timeoutMs: LOAD_TIMEOUT_MS });
  if (response.errorCode !== 0) throw refused(response.errorCode, action, response.errorMessage);
  return info(response);
}

export async function listSmartModulesOn(cluster: Cluster): Promise<SmartModuleInfo[]> {
  const response = await (await connection(cluster, "list SmartModules")).request(listSmartModules, {});
  if (response.errorCode !== 0) throw refused(response.errorCode, "list SmartModules", response.errorMessage);
  return response.entries.map(info);
}

/** Deletes one version, or every version of `name` when `version` is null. */
export async function deleteSmartModuleOn(cluster: Cluster, name: string, version: string | null): Promise<void> {
  const action = `delete SmartModule ${version === null ? name : `${name}@${version}`}`;
  const response = await (await connection(cluster, action)).request(deleteSmartModule, { name, version });
  if (response.errorCode !== 0) throw refused(response.errorCode, action, response.errorMessage);
}

/** A loaded module's entry and component bytes, checked against the entry's digest. */
export interface FetchedSmartModule {
  readonly info: SmartModuleInfo;
  readonly component: Uint8Array;
}

/** The named version, or the highest version when `version` is null (Freshet's FetchSmartModule). */
export async function fetchSmartModuleOn(cluster: Cluster, name: string, version: string | null): Promise<FetchedSmartModule> {
  const action = `fetch SmartModule ${version === null ? name : `${name}@${version}`}`;
  const response = await (await connection(cluster, action)).request(fetchSmartModule, { name, version }, { timeoutMs: LOAD_TIMEOUT_MS });
  if (response.errorCode !== 0) throw refused(response.errorCode, action, response.errorMessage);
  // The component is a view into the response frame: copied so it outlives it.
  const component = response.component.slice();
  const digest = createHash("sha256").update(component).digest("hex");
  if (digest !== response.digest) throw refused(errorCode("CORRUPT_MESSAGE"), action, `the component's digest is ${digest}, not ${response.digest}`);
  return { info: info(response), component };
}
