/*
 * The Kafka APIs this package encodes and decodes, each with the version range its
 * definition declares (the one place a range is written). A broker advertises what its
 * handler table serves, through advertisedApiVersions; the engine checks that table
 * against this list, so the two cannot drift apart.
 */
import type { ApiDefinition } from "./define.js";
import { alterClientQuotas } from "./alter-client-quotas.js";
import { alterConfigs } from "./alter-configs.js";
import { apiVersions } from "./api-versions.js";
import { createAcls } from "./create-acls.js";
import { createPartitions } from "./create-partitions.js";
import { createTopics } from "./create-topics.js";
import { deleteAcls } from "./delete-acls.js";
import { deleteGroups } from "./delete-groups.js";
import { deleteRecords } from "./delete-records.js";
import { deleteTopics } from "./delete-topics.js";
import { describeAcls } from "./describe-acls.js";
import { describeClientQuotas } from "./describe-client-quotas.js";
import { describeConfigs } from "./describe-configs.js";
import { describeGroups } from "./describe-groups.js";
import { fetch } from "./fetch.js";
import { findCoordinator } from "./find-coordinator.js";
import { heartbeat } from "./heartbeat.js";
import { incrementalAlterConfigs } from "./incremental-alter-configs.js";
import { initProducerId } from "./init-producer-id.js";
import { joinGroup } from "./join-group.js";
import { leaveGroup } from "./leave-group.js";
import { listGroups } from "./list-groups.js";
import { listOffsets } from "./list-offsets.js";
import { metadata } from "./metadata.js";
import { offsetCommit } from "./offset-commit.js";
import { offsetDelete } from "./offset-delete.js";
import { offsetFetch } from "./offset-fetch.js";
import { offsetForLeaderEpoch } from "./offset-for-leader-epoch.js";
import { produce } from "./produce.js";
import { saslAuthenticate } from "./sasl-authenticate.js";
import { saslHandshake } from "./sasl-handshake.js";
import { syncGroup } from "./sync-group.js";

export * from "./alter-client-quotas.js";
export * from "./alter-configs.js";
export * from "./api-versions.js";
export * from "./create-acls.js";
export * from "./create-partitions.js";
export * from "./create-topics.js";
export * from "./delete-acls.js";
export * from "./delete-groups.js";
export * from "./delete-records.js";
export * from "./delete-topics.js";
export * from "./describe-acls.js";
export * from "./describe-client-quotas.js";
export * from "./describe-configs.js";
export * from "./describe-groups.js";
export * from "./fetch.js";
export * from "./find-coordinator.js";
export * from "./heartbeat.js";
export * from "./incremental-alter-configs.js";
export * from "./init-producer-id.js";
export * from "./join-group.js";
export * from "./leave-group.js";
export * from "./list-groups.js";
export * from "./list-offsets.js";
export * from "./metadata.js";
export * from "./offset-commit.js";
export * from "./offset-delete.js";
export * from "./offset-fetch.js";
export * from "./offset-for-leader-epoch.js";
export * from "./produce.js";
export * from "./sasl-authenticate.js";
export * from "./sasl-handshake.js";
export * from "./sync-group.js";
export type { ApiDefinition, RequestOf, ResponseOf } from "./define.js";

/** Every implemented API, ordered by key. */
export const SUPPORTED_APIS: readonly ApiDefinition[] = [
  produce,
  fetch,
  listOffsets,
  metadata,
  offsetCommit,
  offsetFetch,
  findCoordinator,
  joinGroup,
  heartbeat,
  leaveGroup,
  syncGroup,
  describeGroups,
  listGroups,
  saslHandshake,
  apiVersions,
  createTopics,
  deleteTopics,
  deleteRecords,
  initProducerId,
  // Replica fetchers find their divergence point with it; librdkafka also validates
  // consumer positions with it after leader changes (KIP-320).
  offsetForLeaderEpoch,
  describeAcls,
  createAcls,
  deleteAcls,
  describeConfigs,
  alterConfigs,
  saslAuthenticate,
  createPartitions,
  deleteGroups,
  incrementalAlterConfigs,
  offsetDelete,
  describeClientQuotas,
  alterClientQuotas,
];

const byKey = new Map(SUPPORTED_APIS.map((api) => [api.key, api]));

export function apiByKey(key: number): ApiDefinition | undefined {
  return byKey.get(key);
}

export interface AdvertisedApiVersion {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/**
 * The ApiVersions table for `apis`. Clients send min(their max, our max), and
 * librdkafka probes features against the minimums, so both ends matter.
 */
export function advertisedApiVersions(apis: readonly ApiDefinition[] = SUPPORTED_APIS): AdvertisedApiVersion[] {
  return apis.map((api) => ({ apiKey: api.key, minVersion: api.minVersion, maxVersion: api.maxVersion }));
}
