import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { createPartitions } from "@freshet/protocol/messages/create-partitions";
import { createTopics } from "@freshet/protocol/messages/create-topics";
import { deleteTopics } from "@freshet/protocol/messages/delete-topics";
import { topicDefaultsOf, type BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";
import { checkTopicChain } from "../smartmodules/topic-chain-check.js";
import { MAX_PARTITIONS_PER_TOPIC } from "../topics/partition-limit.js";
import { parseTopicConfig, topicNameProblem, type TopicConfig } from "../topics/topic-config.js";
import type { ReplicaAssignment } from "../topics/topics-view.js";
import { defaultReplication } from "../topics/topic-defaults.js";

type Outcome = { name: string; errorCode: number; errorMessage: string | null };

function outcome(name: string, error?: { errorName: ErrorName; message: string }): Outcome {
  return error === undefined
    ? { name, errorCode: 0, errorMessage: null }
    : { name, errorCode: errorCode(error.errorName), errorMessage: error.message };
}

type TopicPlan =
  | { ok: true; partitions: number; replication: number; config: TopicConfig; assignment: ReplicaAssignment }
  | { ok: false; errorName: ErrorName; message: string };

/**
 * CreateTopics assignments in partition order. As in Kafka, a request that places replicas
 * leaves the partition count and replication factor to them (-1).
 */
function placementOf(topic: { numPartitions: number; replicationFactor: number; assignments: { partitionIndex: number; brokerIds: number[] }[] }): { ok: true; assignment: ReplicaAssignment } | { ok: false; errorName: ErrorName; message: string } {
  if (topic.assignments.length === 0) return { ok: true, assignment: [] };
  if (topic.numPartitions !== -1 || topic.replicationFactor !== -1) {
    return { ok: false, errorName: "INVALID_REQUEST", message: "give either replica assignments or a partition count and replication factor (-1 with assignments)" };
  }
  const sorted = [...topic.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
  if (sorted.some((a, index) => a.partitionIndex !== index)) {
    return { ok: false, errorName: "INVALID_REPLICA_ASSIGNMENT", message: "assignments must name partitions 0, 1, 2, … once each" };
  }
  if (sorted.some((a) => a.brokerIds.length === 0)) return { ok: false, errorName: "INVALID_REPLICA_ASSIGNMENT", message: "every assigned partition needs at least one replica" };
  return { ok: true, assignment: sorted.map((a) => a.brokerIds) };
}

/** Checks one CreateTopics entry; -1 partitions / replication mean "broker default" (kafkajs sends them at v3). */
async function planTopic(
  ctx: BrokerContext,
  topic: { name: string; numPartitions: number; replicationFactor: number; assignments: { partitionIndex: number; brokerIds: number[] }[]; configs: { name: string; value: string | null }[] },
): Promise<TopicPlan> {
  const nameProblem = topicNameProblem(topic.name);
  if (nameProblem !== null) return { ok: false, errorName: "INVALID_TOPIC_EXCEPTION", message: nameProblem };
  if (ctx.topics.describe(topic.name)) return { ok: false, errorName: "TOPIC_ALREADY_EXISTS", message: `topic '${topic.name}' already exists` };
  const placed = placementOf(topic);
  if (!placed.ok) return placed;
  const defaults = topicDefaultsOf(ctx);
  const partitions = placed.assignment.length > 0 ? placed.assignment.length : topic.numPartitions === -1 ? defaults.numPartitions : topic.numPartitions;
  if (partitions < 1 || partitions > MAX_PARTITIONS_PER_TOPIC) {
    return { ok: false, errorName: "INVALID_PARTITIONS", message: `partition count must be between 1 and ${MAX_PARTITIONS_PER_TOPIC}, got ${topic.numPartitions}` };
  }
  const brokers = ctx.topics.brokers().length;
  const replication = placed.assignment.length > 0 ? placed.assignment[0]!.length : topic.replicationFactor === -1 ? defaultReplication(defaults, brokers) : topic.replicationFactor;
  if (replication < 1 || replication > brokers) {
    return { ok: false, errorName: "INVALID_REPLICATION_FACTOR", message: `replication factor ${replication} must be between 1 and the ${brokers} available brokers` };
  }
  const config = parseTopicConfig(topic.configs);
  if (!config.ok) return { ok: false, errorName: "INVALID_CONFIG", message: config.error.message };
  const chain = await checkTopicChain(ctx.topics, ctx.smartModules, topic.name, config.value, partitions, topic.numPartitions !== -1);
  if (!chain.ok) return chain;
  return { ok: true, partitions: chain.partitions, replication, config: config.value, assignment: placed.assignment };
}

export function createTopicsHandler(ctx: BrokerContext) {
  return handler(createTopics, async (request) => {
    const topics: Outcome[] = [];
    for (const topic of request.topics) {
      const plan = await planTopic(ctx, topic);
      if (!plan.ok) {
        topics.push(outcome(topic.name, plan));
        continue;
      }
      if (request.validateOnly) {
        topics.push(outcome(topic.name));
        continue;
      }
      const explicit = topic.configs.filter((c) => c.value !== null).map((c) => c.name);
      const problem = await ctx.topics.create(topic.name, plan.partitions, plan.replication, plan.config, explicit, plan.assignment);
      topics.push(outcome(topic.name, problem ?? undefined));
    }
    return { throttleTimeMs: 0, topics };
  });
}

export function deleteTopicsHandler(ctx: BrokerContext) {
  return handler(deleteTopics, async (request) => ({
    throttleTimeMs: 0,
    responses: await Promise.all(
      request.topicNames.map(async (name) => {
        const problem = await ctx.topics.delete(name);
        if (problem === null) await ctx.coordinator.forgetTopic(name);
        return { name, errorCode: problem === null ? 0 : errorCode(problem.errorName), errorMessage: problem?.message ?? null };
      }),
    ),
  }));
}

export function createPartitionsHandler(ctx: BrokerContext) {
  return handler(createPartitions, async (request) => {
    const results: Outcome[] = [];
    for (const topic of request.topics) {
      const existing = ctx.topics.describe(topic.name);
      if (existing === undefined) {
        results.push(outcome(topic.name, { errorName: "UNKNOWN_TOPIC_OR_PARTITION", message: `topic '${topic.name}' does not exist` }));
      } else if (topic.count <= existing.partitions.length) {
        results.push(outcome(topic.name, { errorName: "INVALID_PARTITIONS", message: `topic has ${existing.partitions.length} partitions; the new count must be larger, got ${topic.count}` }));
      } else if (topic.count > MAX_PARTITIONS_PER_TOPIC) {
        // Checked before anything is allocated: one request for 2^31-1 partitions used to open files until the broker ran out.
        results.push(outcome(topic.name, { errorName: "INVALID_PARTITIONS", message: `a topic may have at most ${MAX_PARTITIONS_PER_TOPIC} partitions, got ${topic.count}` }));
      } else if (request.validateOnly) {
        results.push(outcome(topic.name));
      } else {
        const problem = await ctx.topics.addPartitions(topic.name, topic.count);
        results.push(outcome(topic.name, problem ?? undefined));
      }
    }
    return { throttleTimeMs: 0, results };
  });
}
