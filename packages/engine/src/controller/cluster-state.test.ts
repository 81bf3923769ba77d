import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultTopicConfig, parseTopicConfig } from "../topics/topic-config.js";
import { clusterStateSchema, emptyClusterState, parseClusterStateView, type ClusterState } from "./cluster-state.js";
import { assignReplicas } from "./replica-assignment.js";

function stateWith(partition: { replicas: number[]; leader: number; leaderEpoch: number; isr: number[] }): ClusterState {
  const state = emptyClusterState("c");
  state.spus = { "1": { host: "h", port: 1, incarnation: "" }, "2": { host: "h", port: 2, incarnation: "" } };
  state.topics = { t: { id: "x", config: defaultTopicConfig(), explicitConfig: [], createdAt: 0, partitions: [partition] } };
  return state;
}

describe("cluster state document", () => {
  it("accepts a consistent document and rejects a leader or ISR member outside the replicas", () => {
    expect(clusterStateSchema.safeParse(stateWith({ replicas: [1, 2], leader: 1, leaderEpoch: 0, isr: [1, 2] })).success).toBe(true);
    expect(clusterStateSchema.safeParse(stateWith({ replicas: [1, 2], leader: -1, leaderEpoch: 3, isr: [1] })).success).toBe(true);
    expect(clusterStateSchema.safeParse(stateWith({ replicas: [1, 2], leader: 3, leaderEpoch: 0, isr: [1] })).success).toBe(false);
    expect(clusterStateSchema.safeParse(stateWith({ replicas: [1, 2], leader: 1, leaderEpoch: 0, isr: [1, 3] })).success).toBe(false);
    expect(clusterStateSchema.safeParse({ ...emptyClusterState("c"), version: 1 }).success).toBe(false);
  });

  it("fills in defaults for topic configs written before a key existed", () => {
    const state = stateWith({ replicas: [1], leader: 1, leaderEpoch: 0, isr: [1] });
    const { "min.insync.replicas": _m, "unclean.leader.election.enable": _u, ...older } = state.topics["t"]!.config;
    const view = { ...state, spus: { "1": { host: "h", port: 1, live: true } }, topics: { t: { ...state.topics["t"]!, config: older } } };
    const parsed = parseClusterStateView(JSON.stringify(view));
    expect(parsed.ok && parsed.value.topics["t"]!.config).toMatchObject({ "min.insync.replicas": 1, "unclean.leader.election.enable": false });
  });

  it("reports received text that is not JSON or not a state as a value", () => {
    expect(parseClusterStateView("{").ok).toBe(false);
    expect(parseClusterStateView(JSON.stringify(emptyClusterState("c"))).ok).toBe(true);
    expect(parseClusterStateView(JSON.stringify({ ...emptyClusterState("c"), spus: { "1": { host: "h", port: 1 } } })).ok).toBe(false);
  });
});

describe("replication topic configs", () => {
  it("parses min.insync.replicas as an integer >= 1 and unclean election as a boolean string", () => {
    const parsed = parseTopicConfig([
      { name: "min.insync.replicas", value: "2" },
      { name: "unclean.leader.election.enable", value: " TRUE " },
    ]);
    expect(parsed.ok && parsed.value).toMatchObject({ "min.insync.replicas": 2, "unclean.leader.election.enable": true });
    expect(parseTopicConfig([])).toMatchObject({ ok: true, value: { "min.insync.replicas": 1, "unclean.leader.election.enable": false } });
    expect(parseTopicConfig([{ name: "min.insync.replicas", value: "0" }]).ok).toBe(false);
    expect(parseTopicConfig([{ name: "unclean.leader.election.enable", value: "yes" }]).ok).toBe(false);
  });
});

describe("replica assignment", () => {
  it("gives every partition distinct replicas and spreads leadership within one of even", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 40 }), fc.nat(), fc.nat(20), (n, partitions, start, rfSeed) => {
        const spus = Array.from({ length: n }, (_, i) => 10 + i * 3);
        const rf = 1 + (rfSeed % n);
        const assignment = assignReplicas(spus, partitions, rf, start);
        expect(assignment).toHaveLength(partitions);
        for (const replicas of assignment) {
          expect(replicas).toHaveLength(rf);
          expect(new Set(replicas).size).toBe(rf);
          for (const id of replicas) expect(spus).toContain(id);
        }
        const led = spus.map((id) => assignment.filter((r) => r[0] === id).length);
        expect(Math.max(...led) - Math.min(...led)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("continues the leader walk when a topic grows", () => {
    const spus = [1, 2, 3];
    const whole = assignReplicas(spus, 6, 2, 1);
    const grown = [...assignReplicas(spus, 4, 2, 1), ...assignReplicas(spus, 2, 2, 1, 4)];
    expect(grown.map((r) => r[0])).toEqual(whole.map((r) => r[0]));
  });
});
