import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { createPartitions } from "@freshet/protocol/messages/create-partitions";
import { createTopics } from "@freshet/protocol/messages/create-topics";
import { deleteTopics } from "@freshet/protocol/messages/delete-topics";
import type { BrokerContext } from "../broker/broker-context.js";
import { handler } from "../server/handler.js";
import { checkTopicChain } from "../smartmodules/topic-chain-check.js";
import { parseTopicConfig, topicNameProblem, type TopicConfig } from "../topics/topic-config.js";

type Outcome = { name: string; errorCode: number; errorMessage: string | null };

function outcome(name: string, error?: { errorName: ErrorName; message: string }): Outcome {
  return error === undefined
    ? { name, errorCode: 0, errorMessage: null }
    : { name, errorCode: errorCode(error.errorName), errorMessage: error.message };
}

type TopicPlan =
  | { ok: true; partitions: number; replication: number; config: TopicConfig }
  | { ok: false; errorName: ErrorName; message: string };

/** Checks one CreateTopics entry; -1 partitions / replication mean "broker default" (kafkajs sends them at v3). */
async function planTopic(
  ctx: BrokerContext,
  topic: { name: string; numPartitions: number; replicationFactor: number; assignments: { partitionIndex: number; brokerIds: number[] }[]; configs: { name: string; value: string | null }[] },
): Promise<TopicPlan> {
  const nameProblem = topicNameProblem(topic.name);
  if (nameProblem !== null) return { ok: false, errorName: "INVALID_TOPIC_EXCEPTION", message: nameProblem };
  if (ctx.topics.describe(topic.name)) return { ok: false, errorName: "TOPIC_ALREADY_EXISTS", message: `topic '${topic.name}' already exists` };
  const partitions = topic.numPartitions === -1 ? ctx.settings.defaultPartitions : topic.numPartitions;
  if (partitions < 1 || partitions > 10_000) {
    return { ok: false, errorName: "INVALID_PARTITIONS", message: `partition count must be between 1 and 10000, got ${topic.numPartitions}` };
  }
  const brokers = ctx.topics.brokers().length;
  const replication = topic.replicationFactor === -1 ? Math.min(3, brokers) : topic.replicationFactor;
  if (replication < 1 || replication > brokers) {
    return { ok: false, errorName: "INVALID_REPLICATION_FACTOR", message: `replication factor ${replication} must be between 1 and the ${brokers} available brokers` };
  }
  if (topic.assignments.length > 0) {
    return { ok: false, errorName: "INVALID_REPLICA_ASSIGNMENT", message: "explicit replica assignments are not supported; the controller spreads replicas" };
  }
  const config = parseTopicConfig(topic.configs);
  if (!config.ok) return { ok: false, errorName: "INVALID_CONFIG", message: config.error.message };
  const chain = await checkTopicChain(ctx.topics, ctx.smartModules, topic.name, config.value, partitions, topic.numPartitions !== -1);
  if (!chain.ok) return chain;
  return { ok: true, partitions: chain.partitions, replication, config: config.value };
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
      const problem = await ctx.topics.create(topic.name, plan.partitions, plan.replication, plan.config, explicit);
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
