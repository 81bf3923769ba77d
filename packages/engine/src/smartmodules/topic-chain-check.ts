import type { ErrorName } from "@freshet/protocol/errors/error-codes";
import { chainOf, type TopicConfig } from "../topics/topic-config.js";
import type { TopicsView } from "../topics/topics-view.js";
import { chainProblem } from "./open-chain.js";
import type { SmartModuleRegistry } from "./registry.js";

export type ChainCheck = { ok: true; partitions: number } | { ok: false; errorName: ErrorName; message: string };

/**
 * Checks a new topic's SmartModule configs before it exists: a derived topic's
 * source must exist and it takes the source's partition count (partition N of the
 * derived topic comes from partition N of the source); every module must be
 * registered and accept its params, which is known only by starting the chain.
 */
export async function checkTopicChain(topics: TopicsView, registry: SmartModuleRegistry, name: string, config: TopicConfig, partitions: number, partitionsRequested: boolean): Promise<ChainCheck> {
  const chain = chainOf(config);
  const sourceName = config["freshet.source"];
  let count = partitions;
  if (sourceName !== "") {
    const source = topics.describe(sourceName);
    if (source === undefined) return { ok: false, errorName: "INVALID_CONFIG", message: `source topic '${sourceName}' of '${name}' does not exist` };
    if (chain.length === 0) return { ok: false, errorName: "INVALID_CONFIG", message: `derived topic '${name}' needs at least one SmartModule in 'freshet.smartmodules'` };
    if (partitionsRequested && partitions !== source.partitions.length) {
      return {
        ok: false,
        errorName: "INVALID_PARTITIONS",
        message: `derived topic '${name}' must have the ${source.partitions.length} partitions of its source '${sourceName}', got ${partitions}`,
      };
    }
    count = source.partitions.length;
  }
  if (chain.length > 0) {
    const problem = await chainProblem(registry, chain);
    if (problem !== null) return { ok: false, errorName: "INVALID_CONFIG", message: `invalid 'freshet.smartmodules' for '${name}': ${problem}` };
  }
  return { ok: true, partitions: count };
}
