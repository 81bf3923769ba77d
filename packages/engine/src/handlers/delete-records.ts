import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { deleteRecords } from "@freshet/protocol/messages/delete-records";
import type { BrokerContext } from "./broker-context.js";
import { LogError } from "../log/errors.js";
import { handler } from "../server/handler.js";

function answer(partitionIndex: number, error: ErrorName | null, lowWatermark = -1) {
  return { partitionIndex, lowWatermark: BigInt(lowWatermark), errorCode: error === null ? 0 : errorCode(error) };
}

/**
 * DeleteRecords: the leader moves each partition's log start and answers with it; its
 * followers move theirs when their next fetch tells them the leader's (Kafka's reply waits
 * for the followers too; a follower elected before it fetched again serves the records
 * until it does).
 */
export function deleteRecordsHandler(ctx: BrokerContext) {
  return handler(deleteRecords, async (request) => ({
    throttleTimeMs: 0,
    topics: await Promise.all(
      request.topics.map(async (topic) => ({
        name: topic.name,
        partitions: await Promise.all(
          topic.partitions.map(async ({ partitionIndex, offset }) => {
            if (ctx.topics.describe(topic.name)?.partitions[partitionIndex] === undefined) return answer(partitionIndex, "UNKNOWN_TOPIC_OR_PARTITION");
            const partition = ctx.topics.local(topic.name, partitionIndex);
            if (partition === undefined || !partition.isLeader) return answer(partitionIndex, "NOT_LEADER_OR_FOLLOWER");
            try {
              return answer(partitionIndex, null, await partition.deleteRecordsBefore(Number(offset)));
            } catch (error) {
              if (error instanceof LogError && error.code === "offset-out-of-range") return answer(partitionIndex, "OFFSET_OUT_OF_RANGE");
              ctx.resources.logger.error({ err: error, topic: topic.name, partition: partitionIndex }, "DeleteRecords failed");
              return answer(partitionIndex, "KAFKA_STORAGE_ERROR");
            }
          }),
        ),
      })),
    ),
  }));
}
