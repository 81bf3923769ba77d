import { errorCode } from "@freshet/protocol/errors/error-codes";
import { listOffsets, type ListOffsetsResponse } from "@freshet/protocol/messages/list-offsets";
import { findOffsetForTimestamp } from "@freshet/protocol/records/find-offset-for-timestamp";
import type { BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";
import type { Partition } from "../topics/partition.js";

/** leader_epoch (v4+) stays -1: "unknown", which clients accept; epochs of old batches are not tracked per offset. */
type PartitionAnswer = Omit<ListOffsetsResponse["topics"][number]["partitions"][number], "leaderEpoch">;

const LATEST = -1n;
const EARLIEST = -2n;
/** v7+ (KIP-734): the record with the largest timestamp. */
const MAX_TIMESTAMP = -3n;
/** v8+ (KIP-405): the first offset on local storage; everything is local here. */
const EARLIEST_LOCAL = -4n;
/** v9+ (KIP-1005): the highest offset in tiered storage; Kafka answers -1 where tiering is off. */
const LATEST_TIERED = -5n;

/**
 * First offset whose record timestamp is >= `timestamp`, resolved to the record
 * inside its batch (decompressing it if needed); "unreadable" if the stored batch is.
 */
async function offsetForTime(partition: Partition, timestamp: number): Promise<{ offset: number; timestamp: number } | null | "unreadable"> {
  const found = await partition.log.batchForTimestamp(timestamp);
  if (found === null) return null;
  const hit = await findOffsetForTimestamp(found.batch, timestamp);
  if (!hit.ok) return "unreadable";
  if (hit.value === null || hit.value.offset >= partition.highWatermark) return null;
  return hit.value;
}

export function listOffsetsHandler(ctx: BrokerContext) {
  return handler(listOffsets, async (request) => ({
    throttleTimeMs: 0,
    topics: await Promise.all(
      request.topics.map(async (topic) => ({
        name: topic.name,
        partitions: (
          await Promise.all(
            topic.partitions.map(async ({ partitionIndex, timestamp }): Promise<PartitionAnswer> => {
              const partition = ctx.topics.local(topic.name, partitionIndex);
              if (partition === undefined) {
                return { partitionIndex, errorCode: errorCode("UNKNOWN_TOPIC_OR_PARTITION"), timestamp: -1n, offset: -1n };
              }
              if (!partition.isLeader) return { partitionIndex, errorCode: errorCode("NOT_LEADER_OR_FOLLOWER"), timestamp: -1n, offset: -1n };
              // Without transactions the last stable offset equals the high watermark.
              if (timestamp === LATEST) return { partitionIndex, errorCode: 0, timestamp: -1n, offset: BigInt(partition.highWatermark) };
              if (timestamp === EARLIEST || timestamp === EARLIEST_LOCAL) {
                return { partitionIndex, errorCode: 0, timestamp: -1n, offset: BigInt(partition.logStartOffset) };
              }
              if (timestamp === LATEST_TIERED) return { partitionIndex, errorCode: 0, timestamp: -1n, offset: -1n };
              // The first record carrying the log's largest timestamp, as Kafka finds it (first batch, then record).
              const newest = timestamp === MAX_TIMESTAMP ? partition.log.maxTimestamp() : null;
              const hit = newest === null ? await offsetForTime(partition, Number(timestamp)) : newest < 0 ? null : await offsetForTime(partition, newest);
              if (hit === "unreadable") return { partitionIndex, errorCode: errorCode("KAFKA_STORAGE_ERROR"), timestamp: -1n, offset: -1n };
              if (hit === null) return { partitionIndex, errorCode: 0, timestamp: -1n, offset: -1n };
              return { partitionIndex, errorCode: 0, timestamp: BigInt(hit.timestamp), offset: BigInt(hit.offset) };
            }),
          )
        ).map((answer) => ({ ...answer, leaderEpoch: -1 })),
      })),
    ),
  }));
}
