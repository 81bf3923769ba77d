import type { ApiDefinition } from "@freshet/protocol/messages/define";

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** What a broker advertised in ApiVersions, by api key. */
export type BrokerApiVersions = ReadonlyMap<number, VersionRange>;

/**
 * The version to speak: the highest in both our range and the broker's, as both
 * kafkajs and librdkafka pick it (min of the maxima); undefined when they do not overlap.
 */
export function negotiateVersion(api: ApiDefinition, broker: BrokerApiVersions): number | undefined {
  const range = broker.get(api.key);
  if (range === undefined) return undefined;
  const version = Math.min(api.maxVersion, range.max);
  return version >= Math.max(api.minVersion, range.min) ? version : undefined;
}
