import type { FreshetClient } from "@freshet/client/client";
import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import type { NewTopic } from "@freshet/client/admin/types";

const ALREADY_EXISTS = errorCode("TOPIC_ALREADY_EXISTS");

/** Creates those of `topics` the cluster lacks (the broker's defaults for partitions and replicas unless given). */
export async function ensureTopics(client: FreshetClient, topics: readonly NewTopic[]): Promise<void> {
  const existing = new Set(await client.admin.listTopics({ includeInternal: true }));
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length === 0) return;
  await client.admin.createTopics(missing).catch((error: unknown) => {
    // Another process (a second connector starting) created it between the list and the create.
    if (!(error instanceof KafkaProtocolError && error.code === ALREADY_EXISTS)) throw error;
  });
}
