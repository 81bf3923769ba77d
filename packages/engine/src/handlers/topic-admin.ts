import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { createPartitions } from "@freshet/protocol/messages/create-partitions";
import { createTopics, type CreateTopicsResponse } from "@freshet/protocol/messages/create-topics";
import { deleteTopics, type DeleteTopicsResponse } from "@freshet/protocol/messages/delete-topics";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { topicDefaultsOf, type BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";
import { checkTopicChain } from "../smartmodules/topic-chain-check.js";
import { MAX_PARTITIONS_PER_TOPIC } from "../topics/partition-limit.js";
import { configEntries, parseTopicConfig, topicNameProblem, type TopicConfig } from "../topics/topic-config.js";
import type { ReplicaAssignment } from "../topics/topics-view.js";
import { defaultReplication } from "../topics/topic-defaults.js";
import { SOURCE_DEFAULT, SOURCE_DYNAMIC_TOPIC } from "./config-resources.js";

type Outcome = { name: string; errorCode: number; errorMessage: string | null };

function outcome(name: string, error?: { errorName: ErrorName; message: string }): Outcome {
  return error === undefined ? { name, errorCode: 0, errorMessage: null } : { name, errorCode: errorCode(error.errorName), errorMessage: error.message };
}

type TopicPlan = { ok: true; partitions: number; replication: number; config: TopicConfig; assignment: ReplicaAssignment } | { ok: false; errorName: ErrorName; message: string };

/**
 * CreateTopics assignments in partition order. As in Kafka, a request that places replicas
 * leaves the partition count and replication factor to them (-1).
 */
function placementOf(topic: {
  numPartitions: number;
  replicationFactor: number;
  assignments: { partitionIndex: number; brokerIds: number[] }[];
}): { ok: true; assignment: ReplicaAssignment } | { ok: false; errorName: ErrorName; message: string } {
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

type CreatedTopic = CreateTopicsResponse["topics"][number];

/** A refused topic: v5+ fields at their "unknown" values, as Kafka leaves them. */
function notCreated(name: string, error: { errorName: ErrorName; message: string }): CreatedTopic {
  return { ...outcome(name, error), topicId: ZERO_UUID, numPartitions: -1, replicationFactor: -1, configs: [] };
}

/** v5+ describe what was created (or would be, with validate_only): its layout and every config; v7+ its id. */
function created(name: string, topicId: string, plan: Extract<TopicPlan, { ok: true }>, explicit: readonly string[]): CreatedTopic {
  return {
    ...outcome(name),
    topicId,
    numPartitions: plan.partitions,
    replicationFactor: plan.replication,
    configs: configEntries(plan.config, explicit).map((entry) => ({
      name: entry.name,
      value: entry.value,
      readOnly: false,
      configSource: entry.isDefault ? SOURCE_DEFAULT : SOURCE_DYNAMIC_TOPIC,
      isSensitive: false,
    })),
  };
}

export function createTopicsHandler(ctx: BrokerContext) {
  return handler(createTopics, async (request) => {
    const topics: CreatedTopic[] = [];
    for (const topic of request.topics) {
      const plan = await planTopic(ctx, topic);
      if (!plan.ok) {
        topics.push(notCreated(topic.name, plan));
        continue;
      }
      const explicit = topic.configs.filter((c) => c.value !== null).map((c) => c.name);
      if (request.validateOnly) {
        // Nothing is created, so there is no id to give.
        topics.push(created(topic.name, ZERO_UUID, plan, explicit));
        continue;
      }
      const problem = await ctx.topics.create(topic.name, plan.partitions, plan.replication, plan.config, explicit, plan.assignment);
      const id = ctx.topics.describe(topic.name)?.id;
      topics.push(
        problem === null && id !== undefined
          ? created(topic.name, id, plan, explicit)
          : notCreated(topic.name, problem ?? { errorName: "UNKNOWN_SERVER_ERROR", message: "topic vanished after creation" }),
      );
    }
    return { throttleTimeMs: 0, topics };
  });
}

type DeletedTopic = DeleteTopicsResponse["responses"][number];

async function deleteByName(ctx: BrokerContext, name: string): Promise<DeletedTopic> {
  const topicId = ctx.topics.describe(name)?.id ?? ZERO_UUID;
  const problem = await ctx.topics.delete(name);
  if (problem === null) await ctx.coordinator.forgetTopic(name);
  return { name, topicId, errorCode: problem === null ? 0 : errorCode(problem.errorName), errorMessage: problem?.message ?? null };
}

/** v6 names each topic by name or by id, never both (Kafka's rules and messages). */
function deleteEntry(ctx: BrokerContext, topic: { name: string | null; topicId: string }): Promise<DeletedTopic> | DeletedTopic {
  const byId = topic.topicId !== ZERO_UUID;
  if (topic.name !== null) return byId ? refuseDeletion(topic.name, topic.topicId, "You may not specify both topic name and topic id.") : deleteByName(ctx, topic.name);
  if (!byId) return refuseDeletion(null, ZERO_UUID, "Neither topic name nor id were specified.");
  const name = ctx.topics.list().find((t) => t.id === topic.topicId)?.name;
  return name === undefined ? refuseDeletion(null, topic.topicId, `no topic has id ${topic.topicId}`, "UNKNOWN_TOPIC_ID") : deleteByName(ctx, name);
}

function refuseDeletion(name: string | null, topicId: string, message: string, error: ErrorName = "INVALID_REQUEST"): DeletedTopic {
  return { name, topicId, errorCode: errorCode(error), errorMessage: message };
}

function repeated<T>(values: readonly T[]): Set<T> {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return twice;
}

/** A topic named twice (or id given twice) is refused once and not deleted, as Kafka does in every version. */
export function deleteTopicsHandler(ctx: BrokerContext) {
  return handler(deleteTopics, async (request, { header }) => {
    const entries = header.apiVersion >= 6 ? request.topics : request.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
    const names = repeated(entries.filter((t) => t.name !== null && t.topicId === ZERO_UUID).map((t) => t.name));
    const ids = repeated(entries.filter((t) => t.name === null && t.topicId !== ZERO_UUID).map((t) => t.topicId));
    const unique = entries.filter((t) => !(t.topicId === ZERO_UUID ? names.has(t.name) : t.name === null && ids.has(t.topicId)));
    const responses = await Promise.all(unique.map((topic) => deleteEntry(ctx, topic)));
    for (const name of names) responses.push(refuseDeletion(name, ZERO_UUID, "Duplicate topic name."));
    for (const id of ids) responses.push(refuseDeletion(null, id, "Duplicate topic id."));
    return { throttleTimeMs: 0, responses };
  });
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
