/*
 * DescribeReplicas (key 1100), versions 0-1, flexible from 0: a Freshet extension
 * every SPU serves on its Kafka listener. It reports the replicas this SPU holds
 * as the SPU itself sees them (its role, its log, its high watermark), which
 * Metadata cannot tell: the controller's ISR says who should be in sync, this says
 * how far each copy actually is (lag = the leader's log end - high watermark).
 *
 * DescribeReplicasRequest v0  => topics:COMPACT_NULLABLE_ARRAY[COMPACT_STRING] (null = every topic) TAG_BUFFER
 * DescribeReplicasResponse v0 => [replicas] TAG_BUFFER
 *   replicas => topic:COMPACT_STRING partition:int32 role:COMPACT_STRING ("leader" | "follower" | "offline")
 *               leader_epoch:int32 log_start_offset:int64 log_end_offset:int64 high_watermark:int64
 *               isr:[int32] (as this leader sees it; empty on followers and offline replicas) TAG_BUFFER
 * DescribeReplicasResponse v1 => as v0, each replica adding size_bytes:int64 (the bytes of its log segments)
 *
 * Topics this SPU holds no replica of are simply absent. The role travels as text
 * so that a newer SPU with more roles stays readable; readers map it with replicaRole().
 */
import { defineApi, type RequestOf, type ResponseOf } from "../define.js";
import { since, struct } from "../../schema/struct.js";
import { array, int32, int64, nullableArray, string } from "../../schema/types.js";

export const describeReplicas = defineApi({
  key: 1100,
  name: "DescribeReplicas",
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 0,
  request: struct({ topics: nullableArray(string) }),
  response: struct({
    replicas: array(
      struct({
        topic: string,
        partition: int32,
        role: string,
        leaderEpoch: int32,
        logStartOffset: int64,
        logEndOffset: int64,
        highWatermark: int64,
        isr: array(int32),
        sizeBytes: since(1, int64, -1n),
      }),
    ),
  }),
});

export type DescribeReplicasRequest = RequestOf<typeof describeReplicas>;
export type DescribeReplicasResponse = ResponseOf<typeof describeReplicas>;

export const REPLICA_ROLES = ["leader", "follower", "offline"] as const;
export type ReplicaRole = (typeof REPLICA_ROLES)[number];

/** The role named on the wire, or null for a name this reader does not know. */
export function replicaRole(text: string): ReplicaRole | null {
  return (REPLICA_ROLES as readonly string[]).includes(text) ? (text as ReplicaRole) : null;
}
