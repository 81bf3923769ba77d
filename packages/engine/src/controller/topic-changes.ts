import { err, ok, type Result } from "@freshet/protocol/result";
import { countsAgainstLimit, MAX_PARTITIONS_PER_TOPIC } from "../topics/partition-limit.js";
import { topicConfigSchema, topicNameProblem, type TopicConfig } from "../topics/topic-config.js";
import { partitionCount, type ClusterState, type TopicState } from "./cluster-state.js";
import { controllerError, type ControllerError } from "./controller-error.js";
import { assignReplicas } from "./replica-assignment.js";
import type { ReplicaAssignment } from "../topics/topics-view.js";

/** The replication factor -1 ("broker default") asks for: this many, or every eligible SPU if fewer. */
export const DEFAULT_REPLICATION_FACTOR = 3;

export interface NewTopic {
  readonly name: string;
  readonly partitions: number;
  /** -1 = min(3, eligible SPUs). */
  readonly replicationFactor: number;
  readonly config: TopicConfig;
  readonly explicitConfig: readonly string[];
  /** Internal topics (`__consumer_offsets`) may use the reserved `__` prefix. */
  readonly internal: boolean;
  /** Each partition's replicas as the client placed them; empty or absent = spread over the eligible SPUs. */
  readonly assignment?: ReplicaAssignment;
}

/** A client's placement (CreateTopics assignments), checked as Kafka checks it. */
function assignmentProblem(assignment: ReplicaAssignment, eligible: readonly number[]): ControllerError | null {
  const factor = assignment[0]!.length;
  for (const [index, replicas] of assignment.entries()) {
    if (replicas.length !== factor)
      return controllerError("INVALID_REPLICA_ASSIGNMENT", `partition ${index} has ${replicas.length} replicas, partition 0 has ${factor}: every partition needs the same number`);
    if (new Set(replicas).size !== replicas.length) return controllerError("INVALID_REPLICA_ASSIGNMENT", `partition ${index} lists an SPU twice: ${replicas.join(",")}`);
    const unknown = replicas.find((id) => !eligible.includes(id));
    if (unknown !== undefined) return controllerError("INVALID_REPLICA_ASSIGNMENT", `partition ${index} names SPU ${unknown}, which is not a live SPU of this cluster (${eligible.join(",")})`);
  }
  return null;
}

const INTERNAL_TOPIC_NAME = /^__[a-zA-Z0-9._-]{1,247}$/;

function nameProblem(name: string, internal: boolean): string | null {
  if (internal) return INTERNAL_TOPIC_NAME.test(name) ? null : `internal topic name '${name}' must be '__' then [a-zA-Z0-9._-]`;
  return topicNameProblem(name);
}

function partitionsProblem(count: number): ControllerError | null {
  if (!Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS_PER_TOPIC) {
    return controllerError("INVALID_PARTITIONS", `partition count must be 1..${MAX_PARTITIONS_PER_TOPIC}, got ${count}`);
  }
  return null;
}

function configProblem(config: TopicConfig, explicitConfig: readonly string[]): ControllerError | null {
  const parsed = topicConfigSchema.safeParse(config);
  if (!parsed.success) return controllerError("INVALID_CONFIG", `invalid topic config: ${parsed.error.issues[0]?.message ?? "?"}`);
  const unknown = explicitConfig.find((key) => !(key in topicConfigSchema.shape));
  if (unknown !== undefined) return controllerError("INVALID_CONFIG", `unknown topic config '${unknown}'`);
  return null;
}

function replicationFactorFor(requested: number, eligible: number): Result<number, ControllerError> {
  const factor = requested === -1 ? Math.min(DEFAULT_REPLICATION_FACTOR, eligible) : requested;
  if (!Number.isInteger(factor) || factor < 1 || factor > eligible) {
    return err(controllerError("INVALID_REPLICATION_FACTOR", `replication factor ${requested} needs 1..${eligible} live SPUs (${eligible} live)`));
  }
  return ok(factor);
}

/** Adds a topic to `draft`, spreading its replicas over `eligible` (sorted SPU ids). */
export function addTopic(draft: ClusterState, topic: NewTopic, eligible: readonly number[], id: string, now: number): Result<TopicState, ControllerError> {
  const badName = nameProblem(topic.name, topic.internal);
  if (badName !== null) return err(controllerError("INVALID_TOPIC_EXCEPTION", badName));
  if (draft.topics[topic.name] !== undefined) return err(controllerError("TOPIC_ALREADY_EXISTS", `topic '${topic.name}' already exists`));
  const badPartitions = partitionsProblem(topic.partitions);
  if (badPartitions !== null) return err(badPartitions);
  const badConfig = configProblem(topic.config, topic.explicitConfig);
  if (badConfig !== null) return err(badConfig);
  const placed = topic.assignment ?? [];
  let replicas: number[][];
  if (placed.length > 0) {
    if (placed.length !== topic.partitions) return err(controllerError("INVALID_REPLICA_ASSIGNMENT", `${placed.length} partitions are placed but the topic has ${topic.partitions}`));
    const badAssignment = assignmentProblem(placed, eligible);
    if (badAssignment !== null) return err(badAssignment);
    replicas = placed.map((r) => [...r]);
  } else {
    const factor = replicationFactorFor(topic.replicationFactor, eligible.length);
    if (!factor.ok) return factor;
    replicas = assignReplicas(eligible, topic.partitions, factor.value, partitionCount(draft) % eligible.length);
  }
  const state: TopicState = {
    id,
    config: topic.config,
    explicitConfig: [...new Set(topic.explicitConfig)],
    createdAt: now,
    partitions: replicas.map((r) => ({ replicas: r, leader: r[0]!, leaderEpoch: 0, isr: [...r] })),
  };
  draft.topics[topic.name] = state;
  return ok(state);
}

/** Partitions of the topics that count against the cluster's limit (every topic but internal ones). */
export function limitedPartitionCount(state: Pick<ClusterState, "topics">): number {
  let count = 0;
  for (const [name, topic] of Object.entries(state.topics)) if (countsAgainstLimit(name)) count += topic.partitions.length;
  return count;
}

export function removeTopic(draft: ClusterState, name: string): Result<TopicState, ControllerError> {
  const topic = draft.topics[name];
  if (topic === undefined) return err(controllerError("UNKNOWN_TOPIC_OR_PARTITION", `topic '${name}' does not exist`));
  delete draft.topics[name];
  return ok(topic);
}

/** Replaces a topic's configs; the caller validated them as at creation. */
export function reconfigureTopic(draft: ClusterState, name: string, config: TopicConfig, explicitConfig: readonly string[]): Result<TopicState, ControllerError> {
  const topic = draft.topics[name];
  if (topic === undefined) return err(controllerError("UNKNOWN_TOPIC_OR_PARTITION", `topic '${name}' does not exist`));
  const badConfig = configProblem(config, explicitConfig);
  if (badConfig !== null) return err(badConfig);
  topic.config = config;
  topic.explicitConfig = [...new Set(explicitConfig)];
  return ok(topic);
}

/** Grows a topic to `total` partitions; new ones get the topic's replication factor. */
export function growTopic(draft: ClusterState, name: string, total: number, eligible: readonly number[]): Result<TopicState, ControllerError> {
  const topic = draft.topics[name];
  if (topic === undefined) return err(controllerError("UNKNOWN_TOPIC_OR_PARTITION", `topic '${name}' does not exist`));
  const badPartitions = partitionsProblem(total);
  if (badPartitions !== null) return err(badPartitions);
  const existing = topic.partitions.length;
  if (total <= existing) return err(controllerError("INVALID_PARTITIONS", `topic '${name}' has ${existing} partitions; the new count must be larger, got ${total}`));
  const factor = replicationFactorFor(topic.partitions[0]!.replicas.length, eligible.length);
  if (!factor.ok) return factor;
  const replicas = assignReplicas(eligible, total - existing, factor.value, partitionCount(draft) % eligible.length, existing);
  for (const r of replicas) topic.partitions.push({ replicas: r, leader: r[0]!, leaderEpoch: 0, isr: [...r] });
  return ok(topic);
}
