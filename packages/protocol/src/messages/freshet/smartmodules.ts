/*
 * SmartModule management (keys 1101-1103, 1105), flexible from 0: Freshet
 * extensions every broker serves on its Kafka listener. A standalone broker keeps
 * the modules itself; an SPU forwards to the controller, which owns the list.
 * LoadSmartModule, ListSmartModules and FetchSmartModule have versions 0-1 (1 adds
 * hub provenance to the request of a load and to every entry); DeleteSmartModule version 0.
 *
 * entry => name:COMPACT_STRING version:COMPACT_STRING digest:COMPACT_STRING (sha256 hex)
 *          kind:COMPACT_STRING description:COMPACT_NULLABLE_STRING
 *          params:[name:COMPACT_STRING type:COMPACT_STRING description:COMPACT_NULLABLE_STRING default:COMPACT_NULLABLE_STRING TAG_BUFFER]
 *          size_bytes:int64 loaded_at_ms:int64
 *          provenance:COMPACT_NULLABLE_STRING (version 1+: JSON {package, range, keyId, digest} of a
 *                     module loaded from the hub with a verified signature; null otherwise)
 *
 * LoadSmartModule (1101)   => name:COMPACT_STRING version:COMPACT_STRING component:COMPACT_BYTES
 *                             provenance:COMPACT_NULLABLE_STRING (version 1+: JSON {package, range, bundle,
 *                             publicKeyPem, manifest}; the broker verifies the signature over the
 *                             component and refuses the load with INVALID_REQUEST when it fails) TAG_BUFFER
 *                          <= error_code:int16 error_message:COMPACT_NULLABLE_STRING entry... TAG_BUFFER
 *                             (the entry fields are empty when error_code is not 0)
 * ListSmartModules (1102)  => TAG_BUFFER
 *                          <= error_code error_message entries:[entry] TAG_BUFFER
 * DeleteSmartModule (1103) => name:COMPACT_STRING version:COMPACT_NULLABLE_STRING (null = every version) TAG_BUFFER
 *                          <= error_code error_message TAG_BUFFER
 * FetchSmartModule (1105)  => name:COMPACT_STRING version:COMPACT_NULLABLE_STRING (null = the highest version) TAG_BUFFER
 *                          <= error_code error_message entry... component:COMPACT_BYTES TAG_BUFFER
 *                             (the entry fields and component are empty when error_code is not 0)
 *
 * FetchSmartModule hands a module's component to a client that runs it itself (a dataflow's
 * SmartModule step); the client checks the bytes against the entry's digest.
 *
 * Kind and param type travel as text so a newer broker's kinds stay readable.
 */
import { defineApi, type RequestOf, type ResponseOf } from "../define.js";
import { since, struct } from "../../schema/struct.js";
import { array, bytes, int16, int64, nullableString, string } from "../../schema/types.js";

const base = { minVersion: 0, maxVersion: 0, flexibleFrom: 0 } as const;

export const smartModuleParamWire = struct({ name: string, type: string, description: nullableString, default: nullableString });

/** The fields of a registry entry, spread into responses and nested in lists (shared with the controller API). */
export const smartModuleEntryFields = {
  name: string,
  version: string,
  digest: string,
  kind: string,
  description: nullableString,
  params: array(smartModuleParamWire),
  sizeBytes: int64,
  loadedAt: int64,
  provenance: since(1, nullableString, null),
} as const;

export const smartModuleEntryWire = struct(smartModuleEntryFields);

/** The versions of the APIs that carry hub provenance. */
const withProvenance = { ...base, maxVersion: 1 } as const;

export const loadSmartModule = defineApi({
  ...withProvenance,
  key: 1101,
  name: "LoadSmartModule",
  request: struct({ name: string, version: string, component: bytes, provenance: since(1, nullableString, null) }),
  response: struct({ errorCode: int16, errorMessage: nullableString, ...smartModuleEntryFields }),
});

export const listSmartModules = defineApi({
  ...withProvenance,
  key: 1102,
  name: "ListSmartModules",
  request: struct({}),
  response: struct({ errorCode: int16, errorMessage: nullableString, entries: array(smartModuleEntryWire) }),
});

export const deleteSmartModule = defineApi({
  ...base,
  key: 1103,
  name: "DeleteSmartModule",
  request: struct({ name: string, version: nullableString }),
  response: struct({ errorCode: int16, errorMessage: nullableString }),
});

export const fetchSmartModule = defineApi({
  ...withProvenance,
  key: 1105,
  name: "FetchSmartModule",
  request: struct({ name: string, version: nullableString }),
  response: struct({ errorCode: int16, errorMessage: nullableString, ...smartModuleEntryFields, component: bytes }),
});

export type LoadSmartModuleRequest = RequestOf<typeof loadSmartModule>;
export type LoadSmartModuleResponse = ResponseOf<typeof loadSmartModule>;
export type SmartModuleEntryWire = ListSmartModulesResponse["entries"][number];
export type ListSmartModulesResponse = ResponseOf<typeof listSmartModules>;
export type DeleteSmartModuleRequest = RequestOf<typeof deleteSmartModule>;
export type FetchSmartModuleResponse = ResponseOf<typeof fetchSmartModule>;
