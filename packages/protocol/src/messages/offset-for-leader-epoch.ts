/*
 * OffsetForLeaderEpoch (key 23), versions 0-4; flexible from v4.
 *
 * OffsetForLeaderEpochRequest v0 => [topics]
 *   topics     => topic:STRING [partitions]
 *   partitions => partition:int32 leader_epoch:int32
 * OffsetForLeaderEpochRequest v2 => [topics]
 *   partitions => partition:int32 current_leader_epoch:int32 leader_epoch:int32
 * OffsetForLeaderEpochRequest v3 => replica_id:int32 [topics]
 *
 * OffsetForLeaderEpochResponse v0 => [topics]
 *   topics     => topic:STRING [partitions]
 *   partitions => error_code:int16 partition:int32 end_offset:int64
 * OffsetForLeaderEpochResponse v1 => [topics]
 *   partitions => error_code:int16 partition:int32 leader_epoch:int32 end_offset:int64
 * OffsetForLeaderEpochResponse v2 => throttle_time_ms:int32 [topics]   (v3: same as v2)
 * OffsetForLeaderEpoch v4         => v3 in compact form + TAG_BUFFER
 *
 * A follower asks where its latest epoch ends in the leader's log, to find the
 * point where its own history diverges (KIP-101); v1 returns the epoch the answer
 * belongs to, so the follower can continue the search (KIP-279). replica_id is the
 * follower's broker id, -1 for a consumer validating its position (KIP-320), and
 * -2 (Kafka's "debugging" id) when a pre-v3 request did not say. current_leader_epoch
 * (-1 when unknown) fences requests to a stale or future leader, as in Fetch.
 * end_offset and leader_epoch are -1 (UNDEFINED) when the epoch is unknown.
 */
import { defineApi, type RequestOf, type ResponseOf } from "./define.js";
import { since, struct } from "../schema/struct.js";
import { array, int16, int32, int64, string } from "../schema/types.js";

/** replica_id of a request that did not carry one (before v3). */
export const UNSPECIFIED_REPLICA_ID = -2;

export const offsetForLeaderEpoch = defineApi({
  key: 23,
  name: "OffsetForLeaderEpoch",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 4,
  request: struct({
    replicaId: since(3, int32, UNSPECIFIED_REPLICA_ID),
    topics: array(
      struct({
        topic: string,
        partitions: array(
          struct({
            partition: int32,
            currentLeaderEpoch: since(2, int32, -1),
            leaderEpoch: int32,
          }),
        ),
      }),
    ),
  }),
  response: struct({
    throttleTimeMs: since(2, int32, 0),
    topics: array(
      struct({
        topic: string,
        partitions: array(
          struct({
            errorCode: int16,
            partition: int32,
            leaderEpoch: since(1, int32, -1),
            endOffset: int64,
          }),
        ),
      }),
    ),
  }),
});

export type OffsetForLeaderEpochRequest = RequestOf<typeof offsetForLeaderEpoch>;
export type OffsetForLeaderEpochResponse = ResponseOf<typeof offsetForLeaderEpoch>;
