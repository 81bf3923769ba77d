import { afterEach, describe, expect, it } from "vitest";
import { defaultTopicConfig } from "../topics/topic-config.js";
import type { PartitionState } from "./cluster-state.js";
import { configWith, HEARTBEAT_MS, openController, outliveTimeout, TIMEOUT_MS, type ControllerFixture } from "./test-support/controller-fixture.js";

let fixture: ControllerFixture | undefined;
afterEach(async () => {
  await fixture?.controller.close();
  fixture = undefined;
});

function partitionOf(f: ControllerFixture, topic: string, index: number): PartitionState {
  return f.controller.state.topics[topic]!.partitions[index]!;
}

/** A topic whose one partition has replicas [1, 2] and an ISR the leader shrank to [1]. */
async function outOfSyncFollower(f: ControllerFixture, unclean: boolean): Promise<void> {
  const created = await f.controller.createTopic("t", 1, 2, configWith({ "unclean.leader.election.enable": unclean }), []);
  if (!created.ok) throw new Error(created.error.message);
  const p = partitionOf(f, "t", 0);
  const shrunk = await f.controller.alterIsr({ topic: "t", partition: 0, leaderId: p.leader, leaderEpoch: p.leaderEpoch, isr: [p.leader] });
  if (!shrunk.ok) throw new Error(shrunk.error.message);
}

describe("leader election", () => {
  it("moves leadership off a dead SPU to a live ISR member, bumping epochs and shrinking ISRs", async () => {
    fixture = await openController([1, 2, 3]);
    await fixture.controller.createTopic("t", 6, 3, defaultTopicConfig(), []);
    const before = fixture.controller.state;
    await outliveTimeout(fixture, [2, 3]);
    const after = fixture.controller.state;
    expect(after.spus["1"]!.live).toBe(false);
    expect(after.spus["2"]!.live).toBe(true);
    expect(after.stateEpoch).toBeGreaterThan(before.stateEpoch);
    before.topics["t"]!.partitions.forEach((old, index) => {
      const now = after.topics["t"]!.partitions[index]!;
      expect(now.isr).toEqual(old.isr.filter((id) => id !== 1));
      if (old.leader === 1) {
        expect(now.leader).toBe(old.replicas.find((id) => id !== 1));
        expect(now.leaderEpoch).toBe(old.leaderEpoch + 1);
      } else {
        expect(now.leader).toBe(old.leader);
        expect(now.leaderEpoch).toBe(old.leaderEpoch);
      }
    });
  });

  it("keeps SPUs that heartbeat alive however much time passes", async () => {
    fixture = await openController([1, 2]);
    await fixture.controller.createTopic("t", 2, 2, defaultTopicConfig(), []);
    const epoch = fixture.controller.state.stateEpoch;
    await outliveTimeout(fixture, [1, 2]);
    await outliveTimeout(fixture, [1, 2]);
    expect(fixture.controller.state.stateEpoch).toBe(epoch);
  });

  it("declares death from its own timer, without anyone calling tick", async () => {
    fixture = await openController([1, 2]);
    await fixture.controller.createTopic("t", 2, 2, defaultTopicConfig(), []);
    fixture.time.advance(TIMEOUT_MS + HEARTBEAT_MS);
    await expect.poll(() => fixture!.controller.state.spus["1"]!.live, { timeout: 5000 }).toBe(false);
    expect(fixture.controller.state.spus["2"]!.live).toBe(false);
    expect(partitionOf(fixture, "t", 0).leader).toBe(-1);
  });

  it("leaves a partition offline rather than elect an out-of-sync replica, until an ISR member returns", async () => {
    fixture = await openController([1, 2]);
    await outOfSyncFollower(fixture, false);
    const leader = partitionOf(fixture, "t", 0).leader;
    const follower = leader === 1 ? 2 : 1;
    await outliveTimeout(fixture, [follower]);
    const offline = partitionOf(fixture, "t", 0);
    expect(offline).toMatchObject({ leader: -1, leaderEpoch: 1, isr: [leader] });

    const back = await fixture.controller.heartbeat(leader);
    expect(back.ok).toBe(true);
    expect(fixture.controller.state.spus[String(leader)]!.live).toBe(true);
    expect(partitionOf(fixture, "t", 0)).toMatchObject({ leader, leaderEpoch: 2, isr: [leader] });
  });

  it("elects an out-of-sync replica when the topic allows unclean election", async () => {
    fixture = await openController([1, 2]);
    await outOfSyncFollower(fixture, true);
    const leader = partitionOf(fixture, "t", 0).leader;
    const follower = leader === 1 ? 2 : 1;
    await outliveTimeout(fixture, [follower]);
    expect(partitionOf(fixture, "t", 0)).toMatchObject({ leader: follower, leaderEpoch: 1, isr: [follower] });
  });

  it("puts an offline partition back under its ISR member when all replicas died together", async () => {
    fixture = await openController([1, 2, 3]);
    await fixture.controller.createTopic("t", 1, 2, defaultTopicConfig(), []);
    const { replicas } = partitionOf(fixture, "t", 0);
    const bystander = [1, 2, 3].find((id) => !replicas.includes(id))!;
    await outliveTimeout(fixture, [bystander]);
    expect(partitionOf(fixture, "t", 0)).toMatchObject({ leader: -1, leaderEpoch: 1, isr: replicas });
    await fixture.controller.heartbeat(replicas[1]!);
    expect(partitionOf(fixture, "t", 0)).toMatchObject({ leader: replicas[1], leaderEpoch: 2, isr: [replicas[1]] });
  });
});

describe("alterIsr", () => {
  it("accepts the current leader at its epoch and fences everyone else", async () => {
    fixture = await openController([1, 2, 3]);
    await fixture.controller.createTopic("t", 1, 3, defaultTopicConfig(), []);
    const { leader, replicas } = partitionOf(fixture, "t", 0);
    const [, second, third] = replicas as [number, number, number];
    const alter = (leaderId: number, leaderEpoch: number, isr: number[]) => fixture!.controller.alterIsr({ topic: "t", partition: 0, leaderId, leaderEpoch, isr });
    const errorOf = async (p: ReturnType<typeof alter>) => {
      const result = await p;
      return result.ok ? "accepted" : result.error.errorName;
    };

    expect(await errorOf(alter(leader, 1, [leader]))).toBe("FENCED_LEADER_EPOCH");
    expect(await errorOf(alter(second, 0, [second]))).toBe("FENCED_LEADER_EPOCH");
    expect(await errorOf(alter(leader, 0, [second]))).toBe("INVALID_REQUEST");
    expect(await errorOf(alter(leader, 0, [leader, 99]))).toBe("INVALID_REQUEST");
    expect(await errorOf(alter(leader, 0, [leader, leader]))).toBe("INVALID_REQUEST");
    expect((await fixture.controller.alterIsr({ topic: "t", partition: 5, leaderId: leader, leaderEpoch: 0, isr: [leader] })).ok).toBe(false);

    const epoch = fixture.controller.state.stateEpoch;
    const shrunk = await alter(leader, 0, [leader, second]);
    expect(shrunk.ok && shrunk.value.partition.isr).toEqual([leader, second]);
    expect(fixture.controller.state.stateEpoch).toBe(epoch + 1);
    expect(partitionOf(fixture, "t", 0).isr).toEqual([leader, second]);

    // The leader dies; the deposed leader's late ISR change must not land.
    await outliveTimeout(fixture, [second, third]);
    expect(partitionOf(fixture, "t", 0)).toMatchObject({ leader: second, leaderEpoch: 1 });
    expect(await errorOf(alter(leader, 0, [leader, second, third]))).toBe("FENCED_LEADER_EPOCH");
    // A dead replica cannot be added back; a live one can.
    expect(await errorOf(alter(second, 1, [second, leader]))).toBe("INVALID_REQUEST");
    expect(await errorOf(alter(second, 1, [second, third]))).toBe("accepted");
  });
});
