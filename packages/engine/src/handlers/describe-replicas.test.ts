import { describe, expect, it } from "vitest";
import type { DescribeReplicasRequest, DescribeReplicasResponse } from "@freshet/protocol/messages/freshet/describe-replicas";
import type { BrokerContext } from "./broker-context.js";
import type { PartitionLog } from "../log/partition-log.js";
import type { RequestContext } from "../server/handler.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { Partition } from "../topics/partition.js";
import type { TopicDescription, TopicsView } from "../topics/topics-view.js";
import { describeReplicasHandler } from "./describe-replicas.js";

const SELF = 1;
const clock = new ManualClock(1_000);

/** The parts of a log the handler and Partition's role changes touch. */
function fakeLog(logStartOffset: number, logEndOffset: number): PartitionLog {
  return { logStartOffset, logEndOffset, size: () => (logEndOffset - logStartOffset) * 100, assignLeaderEpoch: () => Promise.resolve(), onWritten: () => undefined } as unknown as PartitionLog;
}

function topic(name: string, leaders: readonly number[]): TopicDescription {
  return {
    name,
    id: `id-${name}`,
    config: {} as TopicDescription["config"],
    explicitConfig: [],
    partitions: leaders.map((leader, index) => ({ index, leader, leaderEpoch: 0, replicas: [0, 1, 2], isr: [0, 1, 2] })),
  };
}

async function spuHolding(): Promise<BrokerContext> {
  // orders/0: led here, followers 0 and 2 behind; orders/1: followed; orders/2: not held here.
  const led = new Partition("orders", 0, fakeLog(5, 120), clock, SELF, 0);
  await led.becomeLeader(4, [1, 0, 2], [1, 0, 2]);
  led.recordFollowerFetch(0, 100);
  led.recordFollowerFetch(2, 90);
  const followed = new Partition("orders", 1, fakeLog(0, 40), clock, SELF, 0);
  followed.becomeFollower(2, 0);
  followed.followerHighWatermark(35);
  const offline = new Partition("audit", 0, fakeLog(0, 0), clock, SELF, 0);
  offline.becomeFollower(7, -1);
  const local = new Map([
    ["orders/0", led],
    ["orders/1", followed],
    ["audit/0", offline],
  ]);
  const topics: Partial<TopicsView> = {
    list: () => [topic("orders", [1, 0, 2]), topic("audit", [-1])],
    local: (name, index) => local.get(`${name}/${index}`),
  };
  return { topics } as BrokerContext;
}

async function ask(ctx: BrokerContext, request: DescribeReplicasRequest): Promise<DescribeReplicasResponse> {
  return (await describeReplicasHandler(ctx).handle(request, {} as RequestContext)) as DescribeReplicasResponse;
}

describe("DescribeReplicas handler", () => {
  it("reports every local replica with its role, offsets and the leader's ISR", async () => {
    const response = await ask(await spuHolding(), { topics: null });
    expect(response.replicas).toEqual([
      { topic: "orders", partition: 0, role: "leader", leaderEpoch: 4, logStartOffset: 5n, logEndOffset: 120n, highWatermark: 90n, isr: [1, 0, 2], sizeBytes: 11_500n },
      { topic: "orders", partition: 1, role: "follower", leaderEpoch: 2, logStartOffset: 0n, logEndOffset: 40n, highWatermark: 35n, isr: [], sizeBytes: 4_000n },
      { topic: "audit", partition: 0, role: "offline", leaderEpoch: 7, logStartOffset: 0n, logEndOffset: 0n, highWatermark: 0n, isr: [], sizeBytes: 0n },
    ]);
  });

  it("limits the answer to the topics asked for, ignoring unknown ones", async () => {
    const response = await ask(await spuHolding(), { topics: ["audit", "missing"] });
    expect(response.replicas.map((r) => `${r.topic}/${r.partition}`)).toEqual(["audit/0"]);
    expect((await ask(await spuHolding(), { topics: [] })).replicas).toEqual([]);
  });
});
