import type { ApiDefinition } from "@freshet/protocol/messages/define";

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** What a broker advertised in ApiVersions, by api key. */
export type BrokerApiVersions = ReadonlyMap<number, VersionRange>;

/**
 * The highest version of each API this client's request code is written for, by
 * key. The protocol package decodes more (up to Kafka's maxima, for other clients),
 * but later versions change meaning (FindCoordinator v4 and LeaveGroup v3 batch
 * their keys, Metadata v10 names topics by id): raising a cap means adapting the
 * code that builds and reads that request first.
 */
const CLIENT_MAX_VERSIONS: ReadonlyMap<number, number> = new Map([
  [0, 7], // Produce
  [1, 11], // Fetch
  [2, 2], // ListOffsets
  [3, 4], // Metadata
  [8, 5], // OffsetCommit
  [9, 4], // OffsetFetch
  [10, 2], // FindCoordinator
  [11, 5], // JoinGroup
  [12, 3], // Heartbeat
  [13, 1], // LeaveGroup
  [14, 3], // SyncGroup
  [15, 2], // DescribeGroups
  [16, 2], // ListGroups
  [18, 3], // ApiVersions
  [19, 4], // CreateTopics
  [20, 1], // DeleteTopics
  [22, 2], // InitProducerId
  [32, 2], // DescribeConfigs
  [37, 1], // CreatePartitions
  [42, 1], // DeleteGroups
]);

/** The highest version of `api` this client speaks. */
export function clientMaxVersion(api: ApiDefinition): number {
  return Math.min(api.maxVersion, CLIENT_MAX_VERSIONS.get(api.key) ?? api.maxVersion);
}

/**
 * The version to speak: the highest in both our range and the broker's, as both
 * kafkajs and librdkafka pick it (min of the maxima); undefined when they do not overlap.
 */
export function negotiateVersion(api: ApiDefinition, broker: BrokerApiVersions): number | undefined {
  const range = broker.get(api.key);
  if (range === undefined) return undefined;
  const version = Math.min(clientMaxVersion(api), range.max);
  return version >= Math.max(api.minVersion, range.min) ? version : undefined;
}
