import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import { metadata } from "@freshet/protocol/messages/metadata";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { isRetriableError } from "../cluster/retry.js";
import type { Cluster } from "../cluster/cluster.js";
import { sleep } from "../time/clock.js";

const REQUEST_TIMED_OUT = errorCode("REQUEST_TIMED_OUT");
const REMOVAL_POLL_MS = 50;

/** Whether broker `nodeId` still lists any of `names` in its Metadata; an unreachable broker counts as still listing them. */
async function brokerStillLists(cluster: Cluster, nodeId: number, names: readonly string[]): Promise<boolean> {
  try {
    const connection = await cluster.connectionTo(nodeId);
    const response = await connection.request(metadata, {
      topics: names.map((name) => ({ topicId: ZERO_UUID, name })),
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    return response.topics.some((t) => t.errorCode === 0 && t.name !== null && names.includes(t.name));
  } catch (error) {
    if (isRetriableError(error)) return true;
    throw error;
  }
}

/**
 * Polls every broker's Metadata until none lists `names`. The controller answers DeleteTopics once it
 * has committed the deletion, but each broker learns of it with the next state it receives; until
 * then a listing served by that broker still shows the topic, so a caller that lists right after
 * deleting (the console refreshing its topic list) would see it come back.
 */
export async function waitUntilTopicsGone(cluster: Cluster, names: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = cluster.clock.now() + timeoutMs;
  for (;;) {
    const brokers = await cluster.refreshMetadata([]).then(
      () => cluster.info.brokers,
      (error: unknown) => {
        if (isRetriableError(error)) return null;
        throw error;
      },
    );
    const listing = brokers === null ? [true] : await Promise.all(brokers.map((b) => brokerStillLists(cluster, b.nodeId, names)));
    if (!listing.includes(true)) return;
    if (cluster.clock.now() >= deadline) {
      throw new KafkaProtocolError(REQUEST_TIMED_OUT, `waiting for every broker to drop ${names.map((n) => `"${n}"`).join(", ")}`);
    }
    await sleep(cluster.clock, REMOVAL_POLL_MS);
  }
}
