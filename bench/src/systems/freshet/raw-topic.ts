import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { errorName } from "@freshet/protocol/errors/error-codes";
import { createTopics } from "@freshet/protocol/messages/create-topics";
import { deleteTopics } from "@freshet/protocol/messages/delete-topics";
import { metadata } from "@freshet/protocol/messages/metadata";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import type { KafkaWire } from "./kafka-wire.js";

const ADMIN_TIMEOUT_MS = 10_000;

/**
 * Creates a one-partition topic with CreateTopics v4 and waits until Metadata
 * v4 shows a leader for it, as kafkajs' createTopics({ waitForLeaders }) does;
 * returns the leader's broker id.
 */
export async function createBenchTopic(wire: KafkaWire, topic: string, configs: { name: string; value: string }[], replicationFactor = 1): Promise<number> {
  const created = await wire.request(createTopics, 4, {
    topics: [{ name: topic, numPartitions: 1, replicationFactor, assignments: [], configs }],
    timeoutMs: ADMIN_TIMEOUT_MS,
    validateOnly: false,
  });
  const result = created.topics[0];
  if (!result || result.errorCode !== 0) {
    throw new Error(`CreateTopics ${topic}: ${result ? `${errorName(result.errorCode)} ${result.errorMessage ?? ""}` : "no result"}`);
  }
  const deadline = performance.now() + ADMIN_TIMEOUT_MS;
  for (;;) {
    const described = await wire.request(metadata, 4, {
      topics: [{ topicId: ZERO_UUID, name: topic }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    const partition = described.topics.find((candidate) => candidate.name === topic)?.partitions[0];
    if (partition && partition.errorCode === 0 && partition.leaderId >= 0) return partition.leaderId;
    if (performance.now() > deadline) throw new Error(`topic ${topic} has no leader ${ADMIN_TIMEOUT_MS} ms after creation`);
    await sleep(20);
  }
}

export async function deleteBenchTopic(wire: KafkaWire, topic: string): Promise<void> {
  const deleted = await wire.request(deleteTopics, 1, { topics: [], topicNames: [topic], timeoutMs: ADMIN_TIMEOUT_MS });
  const code = deleted.responses[0]?.errorCode ?? -1;
  if (code !== 0) throw new Error(`DeleteTopics ${topic}: ${errorName(code)}`);
}
