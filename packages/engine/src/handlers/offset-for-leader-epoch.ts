import { errorCode } from "@freshet/protocol/errors/error-codes";
import { offsetForLeaderEpoch } from "@freshet/protocol/messages/offset-for-leader-epoch";
import type { BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";
import { leadershipProblem } from "./fetch.js";

/** Where an epoch ends in the leader's log: how a returning follower finds its divergence point (KIP-101/279). */
export function offsetForLeaderEpochHandler(ctx: BrokerContext) {
  return handler(offsetForLeaderEpoch, (request) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => {
        const partition = ctx.topics.local(t.topic, p.partition);
        const problem = partition === undefined ? "UNKNOWN_TOPIC_OR_PARTITION" : leadershipProblem(partition, p.currentLeaderEpoch);
        if (partition === undefined || problem !== null) {
          return { errorCode: errorCode(problem ?? "UNKNOWN_TOPIC_OR_PARTITION"), partition: p.partition, leaderEpoch: -1, endOffset: -1n };
        }
        const found = partition.log.endOffsetForEpoch(p.leaderEpoch);
        return { errorCode: 0, partition: p.partition, leaderEpoch: found.epoch, endOffset: BigInt(found.endOffset) };
      }),
    })),
  }));
}
