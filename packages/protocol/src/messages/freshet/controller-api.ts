/*
 * The streaming controller's API (Freshet extension keys 1000+, never offered on
 * the Kafka listener). Version 0 (LoadSmartModule and ListSmartModules 0-1), flexible from 0 like every API Kafka added
 * since KIP-482, so strings have uvarint lengths: the cluster state travels as
 * one JSON string that can exceed the 32 KiB of a classic string; the receiver
 * validates it with zod (engine/controller/cluster-state.ts).
 *
 * Every response: error_code:int16 error_message:COMPACT_NULLABLE_STRING ... TAG_BUFFER
 * Mutations answer with the state_epoch that carries the change, so a caller can
 * wait until its watched state has caught up with what it just did.
 *
 * RegisterSpu (1000)       => spu_id:int32 host:COMPACT_STRING port:int32
 *                          <= error_code error_message state_epoch:int64
 * SpuHeartbeat (1001)      => spu_id:int32
 *                          <= error_code error_message state_epoch:int64
 * WatchClusterState (1002) => known_state_epoch:int64 max_wait_ms:int32
 *                          <= error_code error_message state_epoch:int64 state:COMPACT_STRING (JSON)
 * CreateTopic (1003)       => name:COMPACT_STRING partitions:int32 replication_factor:int16
 *                             config:COMPACT_STRING (JSON TopicConfig) explicit_config:[COMPACT_STRING] internal:bool
 *                          <= error_code error_message state_epoch:int64
 *                             (internal = create unless it exists, `__` names allowed)
 * DeleteTopic (1004)       => name:COMPACT_STRING
 *                          <= error_code error_message state_epoch:int64
 * CreatePartitions (1005)  => name:COMPACT_STRING total_count:int32
 *                          <= error_code error_message state_epoch:int64
 * AlterIsr (1006)          => topic:COMPACT_STRING partition:int32 leader_id:int32 leader_epoch:int32 isr:[int32]
 *                          <= error_code error_message state_epoch:int64 leader:int32 leader_epoch:int32 isr:[int32]
 * AllocateProducerIds (1007) => count:int32
 *                          <= error_code error_message state_epoch:int64 first_producer_id:int64 count:int32
 * AlterClientQuotas (1021) => changes:COMPACT_STRING (JSON [{entity, set, remove}], validated by the SPU first)
 *                          <= error_code error_message state_epoch:int64
 *                             (all or none; every SPU then enforces the quotas from the state)
 * AlterAcls (1022)         => change:COMPACT_STRING (JSON {create, delete} bindings, validated by the SPU first)
 *                          <= error_code error_message state_epoch:int64
 *                             (all or none; every SPU then enforces the bindings from the state)
 * DescribeCluster (1008)   => (empty)
 *                          <= error_code error_message
 *                             spus:[spu_id:int32 host:COMPACT_STRING port:int32 live:bool last_heartbeat_age_ms:int64 (-1 = none since the controller started)]
 *                             state:COMPACT_STRING (JSON)
 *
 * SmartModules: the controller owns the registry; SPUs forward their clients'
 * requests (smartmodules.ts, keys 1101-1103, has the entry layout) and fetch a
 * component by digest the first time a chain needs it, then keep it.
 * LoadSmartModule (1009)   => name:COMPACT_STRING version:COMPACT_STRING component:COMPACT_BYTES
 *                             provenance:COMPACT_NULLABLE_STRING (version 1+, as in smartmodules.ts; the controller verifies it)
 *                          <= error_code error_message entry...
 * ListSmartModules (1010)  => (empty)
 *                          <= error_code error_message entries:[entry] (version 1+: entries carry provenance)
 * These two have versions 0-1; a controller connection sends each API's highest version.
 * DeleteSmartModule (1011) => name:COMPACT_STRING version:COMPACT_NULLABLE_STRING
 *                          <= error_code error_message
 * FetchSmartModule (1012)  => digest:COMPACT_STRING
 *                          <= error_code error_message component:COMPACT_BYTES
 *
 * Authentication: the first exchange of every connection proves that both ends
 * hold the cluster's controller secret (controller-auth-proof.ts has the proofs).
 * Until it succeeds the controller answers any other request with
 * CLUSTER_AUTHORIZATION_FAILED and closes the connection.
 * ControllerAuthBegin (1013)   => client_nonce:COMPACT_BYTES
 *                              <= error_code error_message server_nonce:COMPACT_BYTES
 * ControllerAuthProve (1014)   => client_proof:COMPACT_BYTES
 *                              <= error_code error_message server_proof:COMPACT_BYTES
 *                                 (a wrong proof: SASL_AUTHENTICATION_FAILED, then the connection closes)
 */
import { defineApi, type ApiDefinition } from "../define.js";
import { since, struct } from "../../schema/struct.js";
import { array, bool, bytes, int16, int32, int64, nullableString, string } from "../../schema/types.js";
import { smartModuleEntryFields, smartModuleEntryWire } from "./smartmodules.js";

const base = { minVersion: 0, maxVersion: 0, flexibleFrom: 0 } as const;

const changeResponse = struct({ errorCode: int16, errorMessage: nullableString, stateEpoch: int64 });

export const registerSpu = defineApi({
  ...base,
  key: 1000,
  name: "RegisterSpu",
  // incarnation: a random id per SPU process start; a new one tells the controller the SPU restarted.
  request: struct({ spuId: int32, host: string, port: int32, incarnation: string }),
  response: changeResponse,
});

export const spuHeartbeat = defineApi({
  ...base,
  key: 1001,
  name: "SpuHeartbeat",
  request: struct({ spuId: int32 }),
  response: changeResponse,
});

export const watchClusterState = defineApi({
  ...base,
  key: 1002,
  name: "WatchClusterState",
  request: struct({ knownStateEpoch: int64, maxWaitMs: int32 }),
  response: struct({ errorCode: int16, errorMessage: nullableString, stateEpoch: int64, state: string }),
});

export const createTopic = defineApi({
  ...base,
  key: 1003,
  name: "CreateTopic",
  /** `assignments`: the replicas of each partition as the client placed them; empty = the controller places them. */
  request: struct({ name: string, partitions: int32, replicationFactor: int16, config: string, explicitConfig: array(string), internal: bool, assignments: array(array(int32)) }),
  response: changeResponse,
});

export const deleteTopic = defineApi({
  ...base,
  key: 1004,
  name: "DeleteTopic",
  request: struct({ name: string }),
  response: changeResponse,
});

export const createPartitions = defineApi({
  ...base,
  key: 1005,
  name: "CreatePartitions",
  request: struct({ name: string, totalCount: int32 }),
  response: changeResponse,
});

export const alterIsr = defineApi({
  ...base,
  key: 1006,
  name: "AlterIsr",
  request: struct({ topic: string, partition: int32, leaderId: int32, leaderEpoch: int32, isr: array(int32) }),
  response: struct({ errorCode: int16, errorMessage: nullableString, stateEpoch: int64, leader: int32, leaderEpoch: int32, isr: array(int32) }),
});

export const allocateProducerIds = defineApi({
  ...base,
  key: 1007,
  name: "AllocateProducerIds",
  request: struct({ count: int32 }),
  response: struct({ errorCode: int16, errorMessage: nullableString, stateEpoch: int64, firstProducerId: int64, count: int32 }),
});

export const describeCluster = defineApi({
  ...base,
  key: 1008,
  name: "DescribeCluster",
  request: struct({}),
  response: struct({
    errorCode: int16,
    errorMessage: nullableString,
    spus: array(struct({ spuId: int32, host: string, port: int32, live: bool, lastHeartbeatAgeMs: int64 })),
    state: string,
  }),
});

export const controllerLoadSmartModule = defineApi({
  ...base,
  maxVersion: 1,
  key: 1009,
  name: "ControllerLoadSmartModule",
  request: struct({ name: string, version: string, component: bytes, provenance: since(1, nullableString, null) }),
  response: struct({ errorCode: int16, errorMessage: nullableString, ...smartModuleEntryFields }),
});

export const controllerListSmartModules = defineApi({
  ...base,
  maxVersion: 1,
  key: 1010,
  name: "ControllerListSmartModules",
  request: struct({}),
  response: struct({ errorCode: int16, errorMessage: nullableString, entries: array(smartModuleEntryWire) }),
});

export const controllerDeleteSmartModule = defineApi({
  ...base,
  key: 1011,
  name: "ControllerDeleteSmartModule",
  request: struct({ name: string, version: nullableString }),
  response: struct({ errorCode: int16, errorMessage: nullableString }),
});

export const fetchSmartModule = defineApi({
  ...base,
  key: 1012,
  name: "FetchSmartModule",
  request: struct({ digest: string }),
  response: struct({ errorCode: int16, errorMessage: nullableString, component: bytes }),
});

export const controllerAuthBegin = defineApi({
  ...base,
  key: 1013,
  name: "ControllerAuthBegin",
  request: struct({ clientNonce: bytes }),
  response: struct({ errorCode: int16, errorMessage: nullableString, serverNonce: bytes }),
});

export const controllerAuthProve = defineApi({
  ...base,
  key: 1014,
  name: "ControllerAuthProve",
  request: struct({ clientProof: bytes }),
  response: struct({ errorCode: int16, errorMessage: nullableString, serverProof: bytes }),
});

/** Replaces a topic's configs (JSON, as CreateTopic carries them); SPUs apply them from the state. */
export const alterTopicConfig = defineApi({
  ...base,
  key: 1020,
  name: "AlterTopicConfig",
  request: struct({ name: string, config: string, explicitConfig: array(string) }),
  response: changeResponse,
});

/** Applies client quota changes (JSON, engine/quotas/client-quotas.ts QuotaChange[]); SPUs enforce them from the state. */
export const alterClientQuotasChange = defineApi({
  ...base,
  key: 1021,
  name: "ControllerAlterClientQuotas",
  request: struct({ changes: string }),
  response: changeResponse,
});

/** Applies an ACL change (JSON, engine/acls/acl-bindings.ts AclChange); SPUs enforce the bindings from the state. */
export const alterAclsChange = defineApi({
  ...base,
  key: 1022,
  name: "ControllerAlterAcls",
  request: struct({ change: string }),
  response: changeResponse,
});

/** Every controller API, ordered by key. */
export const CONTROLLER_APIS: readonly ApiDefinition[] = [
  registerSpu,
  spuHeartbeat,
  watchClusterState,
  createTopic,
  deleteTopic,
  createPartitions,
  alterIsr,
  allocateProducerIds,
  describeCluster,
  controllerLoadSmartModule,
  controllerListSmartModules,
  controllerDeleteSmartModule,
  fetchSmartModule,
  controllerAuthBegin,
  controllerAuthProve,
  alterTopicConfig,
  alterClientQuotasChange,
  alterAclsChange,
];
