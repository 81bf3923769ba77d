/*
 * The "consumer" embedded protocol (Kafka's ConsumerProtocol), carried as opaque
 * bytes inside JoinGroup metadata and SyncGroup assignments. Every client in a group
 * (Java, kafkajs, librdkafka) reads these, so layouts must match exactly:
 *
 * Subscription v0 => version:int16 [topics:STRING] user_data:NULLABLE_BYTES
 * Subscription v1 => v0 + [owned_partitions => topic:STRING [partitions:int32]]
 * Subscription v2 => v1 + generation_id:int32
 * Subscription v3 => v2 + rack_id:NULLABLE_STRING
 *
 * Assignment v0-1 => version:int16 [assigned_partitions => topic:STRING [partitions:int32]]
 *                    user_data:NULLABLE_BYTES
 *
 * Newer versions only append fields, so a reader decodes the versions it knows and
 * ignores the rest (as ConsumerProtocol does); we write v0, which every client reads.
 */
import { DecodeError } from "@freshet/protocol/io/decode-error";
import { Reader } from "@freshet/protocol/io/reader";
import { Writer } from "@freshet/protocol/io/writer";
import { err, ok, type Result } from "@freshet/protocol/result";
import { since, struct } from "@freshet/protocol/schema/struct";
import { array, int16, int32, nullableBytes, nullableString, string, type WireType } from "@freshet/protocol/schema/types";

export const CONSUMER_PROTOCOL_TYPE = "consumer";

const topicPartitions = struct({ topic: string, partitions: array(int32) });

const subscriptionSchema = struct({
  version: int16,
  topics: array(string),
  userData: nullableBytes,
  ownedPartitions: since(1, array(topicPartitions)),
  generationId: since(2, int32, -1),
  rackId: since(3, nullableString, null),
});
const SUBSCRIPTION_MAX_VERSION = 3;

const assignmentSchema = struct({
  version: int16,
  assignedPartitions: array(topicPartitions),
  userData: nullableBytes,
});
const ASSIGNMENT_MAX_VERSION = 1;

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface Subscription {
  readonly topics: readonly string[];
  readonly userData: Uint8Array | null;
  /** Present from v1 (cooperative rebalancing); empty otherwise. */
  readonly ownedPartitions: readonly TopicPartitions[];
}

export interface Assignment {
  readonly assignedPartitions: readonly TopicPartitions[];
  readonly userData: Uint8Array | null;
}

function encodeAtVersion0<T>(schema: WireType<T>, value: T): Uint8Array {
  const writer = new Writer();
  schema.write(writer, value, false, 0);
  return writer.toBytes();
}

function decodeVersioned<T>(bytes: Uint8Array, schema: WireType<T>, maxVersion: number): Result<T, DecodeError> {
  try {
    const reader = new Reader(bytes);
    const version = reader.int16();
    if (version < 0) reader.fail(`negative consumer protocol version ${version}`);
    return ok(schema.read(new Reader(bytes), false, Math.min(version, maxVersion)));
  } catch (cause) {
    return err(cause instanceof DecodeError ? cause : new DecodeError("malformed consumer protocol bytes", 0, { cause }));
  }
}

export function encodeSubscription(subscription: { topics: readonly string[]; userData?: Uint8Array | null }): Uint8Array {
  return encodeAtVersion0(subscriptionSchema, {
    version: 0,
    topics: [...subscription.topics],
    userData: subscription.userData ?? new Uint8Array(0),
    ownedPartitions: [],
    generationId: -1,
    rackId: null,
  });
}

export function decodeSubscription(bytes: Uint8Array): Result<Subscription, DecodeError> {
  const decoded = decodeVersioned(bytes, subscriptionSchema, SUBSCRIPTION_MAX_VERSION);
  if (!decoded.ok) return decoded;
  const { topics, userData, ownedPartitions } = decoded.value;
  return ok({ topics, userData, ownedPartitions });
}

export function encodeAssignment(assignment: { assignedPartitions: readonly TopicPartitions[]; userData?: Uint8Array | null }): Uint8Array {
  return encodeAtVersion0(assignmentSchema, {
    version: 0,
    assignedPartitions: assignment.assignedPartitions.map((tp) => ({ topic: tp.topic, partitions: [...tp.partitions] })),
    userData: assignment.userData ?? new Uint8Array(0),
  });
}

/** Empty bytes are what the coordinator hands members the leader left out: no partitions. */
export function decodeAssignment(bytes: Uint8Array): Result<Assignment, DecodeError> {
  if (bytes.byteLength === 0) return ok({ assignedPartitions: [], userData: null });
  const decoded = decodeVersioned(bytes, assignmentSchema, ASSIGNMENT_MAX_VERSION);
  if (!decoded.ok) return decoded;
  return ok({ assignedPartitions: decoded.value.assignedPartitions, userData: decoded.value.userData });
}
