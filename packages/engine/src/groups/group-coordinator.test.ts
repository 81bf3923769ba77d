import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../system/test-support/manual-clock.js";
import type { TopicsView } from "../topics/topics-view.js";
import { GroupCoordinator, type JoinRequest } from "./group-coordinator.js";
import type { JoinResult } from "./group.js";
import type { OffsetStorage } from "./offset-storage.js";

const offsets: OffsetStorage = {
  owns: () => true,
  commit: async () => {},
  committedFor: () => new Map(),
  groups: () => [],
  deleteGroup: async () => {},
  deleteOffsets: async () => {},
  deleteTopic: async () => {},
  close: async () => {},
};

const DELAY_MS = 3_000;
const SESSION_MS = 10_000;
const REBALANCE_MS = 60_000;

function coordinator(initialRebalanceDelayMs = DELAY_MS) {
  const time = new ManualClock();
  const groups = new GroupCoordinator(offsets, {} as TopicsView, { logger: pino({ level: "silent" }), clock: time }, { initialRebalanceDelayMs });
  return { time, groups };
}

const subscription = new Uint8Array([0, 1, 2]);

function joinRequest(overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: "g",
    memberId: "",
    clientId: "c",
    clientHost: "/127.0.0.1",
    sessionTimeoutMs: SESSION_MS,
    rebalanceTimeoutMs: REBALANCE_MS,
    protocolType: "consumer",
    protocols: [{ name: "range", metadata: subscription }],
    groupInstanceId: null,
    ...overrides,
  };
}

/** Resolves to the join result, or "pending" while the join phase has not ended. */
async function settled(join: Promise<JoinResult>): Promise<JoinResult | "pending"> {
  return Promise.race([join, new Promise<"pending">((resolve) => setImmediate(() => resolve("pending")))]);
}

/** Joins, completes the initial delay if any, and syncs: a stable group with `members`. */
async function stableGroup(groups: GroupCoordinator, time: ManualClock, instances: (string | null)[]) {
  const joins = instances.map((groupInstanceId) => groups.join(joinRequest({ groupInstanceId })));
  // Joiners after the first extend the initial delay once.
  time.advance(instances.length > 1 ? 2 * DELAY_MS : DELAY_MS);
  const results = await Promise.all(joins);
  const leader = results.find((r) => r.memberId === r.leader)!;
  const assignments = results.map((r, i) => ({ memberId: r.memberId, assignment: new Uint8Array([i]) }));
  await Promise.all(results.map((r) => groups.sync("g", r.generationId, r.memberId, r.memberId === leader.memberId ? assignments : [])));
  return results;
}

describe("group.initial.rebalance.delay.ms", () => {
  it("holds the first join of an empty group for the delay, so members starting together share one generation", async () => {
    const { time, groups } = coordinator();
    const first = groups.join(joinRequest());
    time.advance(DELAY_MS - 1);
    expect(await settled(first)).toBe("pending");
    const second = groups.join(joinRequest());
    // A newcomer during the delay extends it by another delay.
    time.advance(1);
    expect(await settled(first)).toBe("pending");
    time.advance(DELAY_MS);
    const [a, b] = await Promise.all([first, second]);
    expect(a.generationId).toBe(1);
    expect(b.generationId).toBe(1);
    expect([a, b].filter((r) => r.memberId === r.leader)).toHaveLength(1);
    expect(groups.describe("g")?.members.size).toBe(2);
  });

  it("never waits longer than the rebalance timeout while members keep arriving", async () => {
    const { time, groups } = coordinator();
    const first = groups.join(joinRequest({ rebalanceTimeoutMs: 7_000 }));
    for (let waited = 0; waited < 7_000; waited += 1_000) {
      void groups.join(joinRequest({ rebalanceTimeoutMs: 7_000 }));
      time.advance(1_000);
    }
    expect((await settled(first)) !== "pending").toBe(true);
  });

  it("completes the join at once when the delay is 0", async () => {
    const { groups } = coordinator(0);
    const result = await settled(groups.join(joinRequest()));
    expect(result !== "pending" && result.generationId).toBe(1);
  });

  it("does not delay a rebalance of a group that already has members", async () => {
    const { time, groups } = coordinator();
    const [only] = await stableGroup(groups, time, [null]);
    const rejoin = groups.join(joinRequest({ memberId: only!.memberId, protocols: [{ name: "range", metadata: new Uint8Array([9]) }] }));
    const result = await settled(rejoin);
    expect(result !== "pending" && result.generationId).toBe(2);
  });
});

describe("static membership (group.instance.id)", () => {
  it("gives a restarted static member its previous assignment without a rebalance", async () => {
    const { time, groups } = coordinator();
    const [a, b] = await stableGroup(groups, time, ["instance-a", "instance-b"]);
    const generation = groups.describe("g")!.generationId;
    // instance-a restarts: a new process joins with an empty member id and the same instance id.
    const rejoined = await settled(groups.join(joinRequest({ groupInstanceId: "instance-a" })));
    if (rejoined === "pending") throw new Error("the static member's join was parked");
    expect(rejoined.generationId).toBe(generation);
    expect(rejoined.memberId).not.toBe(a!.memberId);
    expect(groups.describe("g")!.state).toBe("Stable");
    const synced = await groups.sync("g", generation, rejoined.memberId, []);
    expect(synced).toEqual({ errorName: "NONE", assignment: new Uint8Array([0]) });
    // The other member noticed nothing; the old incarnation is fenced.
    expect(groups.heartbeat("g", generation, b!.memberId)).toBe("NONE");
    expect(groups.heartbeat("g", generation, a!.memberId)).toBe("UNKNOWN_MEMBER_ID");
  });

  it("rebalances once a static member stays away longer than its session timeout", async () => {
    const { time, groups } = coordinator();
    const [, b] = await stableGroup(groups, time, ["instance-a", "instance-b"]);
    const generation = groups.describe("g")!.generationId;
    // b keeps heartbeating; a is gone.
    for (let t = 0; t < SESSION_MS; t += 3_000) {
      time.advance(3_000);
      groups.heartbeat("g", generation, b!.memberId);
    }
    expect(groups.describe("g")!.members.size).toBe(1);
    expect(groups.heartbeat("g", generation, b!.memberId)).toBe("REBALANCE_IN_PROGRESS");
  });

  it("lets a dynamic member that restarts (no instance id) trigger a rebalance as before", async () => {
    const { time, groups } = coordinator();
    await stableGroup(groups, time, [null, null]);
    const generation = groups.describe("g")!.generationId;
    void groups.join(joinRequest());
    expect(groups.describe("g")!.state).toBe("PreparingRebalance");
    expect(groups.describe("g")!.generationId).toBe(generation);
  });
});

describe("join and sync", () => {
  it("makes one member the leader, hands it the members, and gives each member what the leader assigned", async () => {
    const { time, groups } = coordinator();
    const joins = [groups.join(joinRequest()), groups.join(joinRequest())];
    time.advance(2 * DELAY_MS);
    const [a, b] = await Promise.all(joins);
    const leader = a!.memberId === a!.leader ? a! : b!;
    const follower = leader === a ? b! : a!;
    expect(leader.members.map((m) => m.memberId).sort()).toEqual([a!.memberId, b!.memberId].sort());
    expect(follower.members).toEqual([]);
    expect(groups.describe("g")!.state).toBe("CompletingRebalance");

    // The follower's sync waits for the leader's assignments.
    const followerSync = groups.sync("g", follower.generationId, follower.memberId, []);
    const leaderSync = groups.sync("g", leader.generationId, leader.memberId, [
      { memberId: leader.memberId, assignment: new Uint8Array([1]) },
      { memberId: follower.memberId, assignment: new Uint8Array([2]) },
    ]);
    expect(await followerSync).toEqual({ errorName: "NONE", assignment: new Uint8Array([2]) });
    expect(await leaderSync).toEqual({ errorName: "NONE", assignment: new Uint8Array([1]) });
    expect(groups.describe("g")!.state).toBe("Stable");
  });

  it("refuses a sync or heartbeat of another generation or an unknown member", async () => {
    const { time, groups } = coordinator();
    const [only] = await stableGroup(groups, time, [null]);
    expect(groups.heartbeat("g", only!.generationId - 1, only!.memberId)).toBe("ILLEGAL_GENERATION");
    expect((await groups.sync("g", only!.generationId + 1, only!.memberId, [])).errorName).toBe("ILLEGAL_GENERATION");
    expect(groups.heartbeat("g", only!.generationId, "nobody")).toBe("UNKNOWN_MEMBER_ID");
  });
});

describe("rebalance", () => {
  it("tells stable members to rejoin when a member joins, and starts the next generation once all have", async () => {
    const { time, groups } = coordinator();
    const [a] = await stableGroup(groups, time, [null]);
    const newcomer = groups.join(joinRequest());
    expect(groups.heartbeat("g", a!.generationId, a!.memberId)).toBe("REBALANCE_IN_PROGRESS");
    expect(await settled(newcomer)).toBe("pending");
    const rejoin = groups.join(joinRequest({ memberId: a!.memberId }));
    const [b, again] = await Promise.all([newcomer, rejoin]);
    expect(b.generationId).toBe(a!.generationId + 1);
    expect(again.generationId).toBe(b.generationId);
    // The old leader stays leader.
    expect(b.leader).toBe(a!.memberId);
  });

  it("drops members that do not rejoin within the rebalance timeout and completes without them", async () => {
    const { time, groups } = coordinator();
    const [a, b] = await stableGroup(groups, time, [null, null]);
    // a rejoins (new subscription); b never does, but keeps heartbeating.
    const rejoin = groups.join(joinRequest({ memberId: a!.memberId, protocols: [{ name: "range", metadata: new Uint8Array([7]) }] }));
    for (let t = 0; t < REBALANCE_MS - 3_000; t += 3_000) {
      time.advance(3_000);
      expect(groups.heartbeat("g", b!.generationId, b!.memberId)).toBe("REBALANCE_IN_PROGRESS");
    }
    time.advance(2_999);
    expect(await settled(rejoin)).toBe("pending");
    time.advance(1);
    const result = await rejoin;
    expect(result.generationId).toBe(a!.generationId + 1);
    expect(result.members.map((m) => m.memberId)).toEqual([a!.memberId]);
    expect(groups.heartbeat("g", result.generationId, b!.memberId)).toBe("UNKNOWN_MEMBER_ID");
  });

  it("rebalances the rest when a member leaves", async () => {
    const { time, groups } = coordinator();
    const [a, b] = await stableGroup(groups, time, [null, null]);
    expect(groups.leave("g", b!.memberId)).toBe("NONE");
    expect(groups.describe("g")!.state).toBe("PreparingRebalance");
    const result = await groups.join(joinRequest({ memberId: a!.memberId }));
    expect(result.members.map((m) => m.memberId)).toEqual([a!.memberId]);
  });
});

describe("session expiry", () => {
  it("keeps a heartbeating member and removes a silent one after its session timeout", async () => {
    const { time, groups } = coordinator();
    const [a, b] = await stableGroup(groups, time, [null, null]);
    const generation = a!.generationId;
    for (let t = 0; t < SESSION_MS - 1_000; t += 1_000) {
      time.advance(1_000);
      expect(groups.heartbeat("g", generation, a!.memberId)).toBe("NONE");
    }
    // b's session runs out one interval later; a heartbeated just now.
    time.advance(1_000);
    expect(groups.describe("g")!.members.has(b!.memberId)).toBe(false);
    expect(groups.describe("g")!.members.has(a!.memberId)).toBe(true);
    expect(groups.heartbeat("g", generation, a!.memberId)).toBe("REBALANCE_IN_PROGRESS");
  });

  it("empties the group when its last member's session expires", async () => {
    const { time, groups } = coordinator();
    const [only] = await stableGroup(groups, time, [null]);
    time.advance(SESSION_MS - 1);
    expect(groups.describe("g")!.members.size).toBe(1);
    time.advance(1);
    expect(groups.describe("g")!.state).toBe("Empty");
    expect(groups.heartbeat("g", only!.generationId, only!.memberId)).toBe("UNKNOWN_MEMBER_ID");
  });

  it("does not expire a member whose join is parked in a rebalance", async () => {
    const { time, groups } = coordinator();
    const [a, b] = await stableGroup(groups, time, [null, null]);
    const rejoin = groups.join(joinRequest({ memberId: a!.memberId }));
    // Past a's session timeout but inside the rebalance timeout: a is waiting, not gone.
    time.advance(SESSION_MS + 1);
    expect(groups.describe("g")!.members.has(a!.memberId)).toBe(true);
    // b's session did run out, which completes the join with a alone.
    expect(groups.describe("g")!.members.has(b!.memberId)).toBe(false);
    expect((await rejoin).members.map((m) => m.memberId)).toEqual([a!.memberId]);
  });
});

describe("admin operations (kafka-consumer-groups --reset-offsets, --delete)", () => {
  /** A coordinator whose topic "t" has one partition and whose offset storage keeps what was committed. */
  function withStorage() {
    const committed = new Set<string>();
    const storage: OffsetStorage = {
      ...offsets,
      commit: async (groupId) => void committed.add(groupId),
      groups: () => [...committed],
      deleteGroup: async (groupId) => void committed.delete(groupId),
    };
    const topics = { describe: (name: string) => (name === "t" ? { partitions: [{}] } : undefined) } as unknown as TopicsView;
    const time = new ManualClock();
    const groups = new GroupCoordinator(storage, topics, { logger: pino({ level: "silent" }), clock: time }, { initialRebalanceDelayMs: DELAY_MS });
    return { time, groups, committed };
  }
  const entry = { topic: "t", partition: 0, offset: 5, metadata: null };

  it("takes an admin's commit (generation -1, no member id) only while the group has no members", async () => {
    const { time, groups, committed } = withStorage();
    const [member] = await stableGroup(groups, time, [null]);
    expect(await groups.commit("g", -1, "", [entry])).toEqual(["UNKNOWN_MEMBER_ID"]);
    expect(committed.has("g")).toBe(false);
    groups.leave("g", member!.memberId);
    expect(groups.describe("g")?.state).toBe("Empty");
    expect(await groups.commit("g", -1, "", [entry])).toEqual(["NONE"]);
    expect(await groups.commit("new-group", -1, "", [entry])).toEqual(["NONE"]);
    expect(committed).toEqual(new Set(["g", "new-group"]));
  });

  it("deletes a group only without members, and answers GROUP_ID_NOT_FOUND for one it does not know", async () => {
    const { time, groups, committed } = withStorage();
    const [member] = await stableGroup(groups, time, [null]);
    await groups.commit("g", member!.generationId, member!.memberId, [entry]);
    expect(await groups.deleteGroup("g")).toBe("NON_EMPTY_GROUP");
    groups.leave("g", member!.memberId);
    expect(await groups.deleteGroup("g")).toBe("NONE");
    expect(groups.describe("g")).toBeUndefined();
    expect(committed.has("g")).toBe(false);
    expect(await groups.deleteGroup("g")).toBe("GROUP_ID_NOT_FOUND");
  });
});
