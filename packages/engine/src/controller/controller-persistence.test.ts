import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultTopicConfig } from "../topics/topic-config.js";
import { clusterStateSchema } from "./cluster-state.js";
import { FileClusterStateStore } from "./cluster-state-store.js";
import { configWith, openController, outliveTimeout, TIMEOUT_MS, type ControllerFixture } from "./test-support/controller-fixture.js";
import { ManualClock } from "../system/test-support/manual-clock.js";

let dir: string;
const open: ControllerFixture[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "freshet-controller-"));
});
afterEach(async () => {
  for (const f of open.splice(0)) await f.controller.close();
  await rm(dir, { recursive: true, force: true });
});

async function openOnDisk(spus: readonly number[], time?: ManualClock): Promise<ControllerFixture> {
  const fixture = await openController(spus, { store: new FileClusterStateStore(join(dir, "cluster.json")), ...(time ? { time } : {}) });
  open.push(fixture);
  return fixture;
}

describe("controller restart", () => {
  it("keeps topics, assignments, epochs and producer-id blocks across a restart", async () => {
    const first = await openOnDisk([1, 2, 3]);
    await first.controller.createTopic("t", 3, 2, configWith({ "min.insync.replicas": 2 }), ["min.insync.replicas"]);
    const block = await first.controller.allocateProducerIds(100);
    expect(block.ok && block.value.first).toBe(0);
    const before = first.controller.state;
    await first.controller.close();

    const onDisk = clusterStateSchema.parse(JSON.parse(await readFile(join(dir, "cluster.json"), "utf8")));
    expect(onDisk.stateEpoch).toBe(before.stateEpoch);

    const second = await openOnDisk([]);
    expect(second.controller.state).toEqual(before);
    expect(second.controller.state.topics["t"]!.config["min.insync.replicas"]).toBe(2);
    const next = await second.controller.allocateProducerIds(100);
    expect(next.ok && next.value.first).toBe(100);
    expect(second.controller.state.stateEpoch).toBe(before.stateEpoch + 1);
  });

  it("keeps client quotas across a restart, and reads a state file written before quotas existed", async () => {
    const first = await openOnDisk([1]);
    const entity = [{ entityType: "user" as const, entityName: null }];
    const set = await first.controller.alterClientQuotas([{ entity, set: { producer_byte_rate: 65_536 }, remove: [] }]);
    expect(set.ok).toBe(true);
    await first.controller.close();
    const second = await openOnDisk([]);
    expect(second.controller.state.quotas).toEqual({ "user=<default>": { entity, values: { producer_byte_rate: 65_536 } } });
    const lifted = await second.controller.alterClientQuotas([{ entity, set: {}, remove: ["producer_byte_rate"] }]);
    expect(lifted.ok && lifted.value.stateEpoch).toBe(second.controller.state.stateEpoch);
    expect(second.controller.state.quotas).toEqual({});
    await second.controller.close();

    const onDisk = JSON.parse(await readFile(join(dir, "cluster.json"), "utf8")) as Record<string, unknown>;
    delete onDisk["quotas"];
    await writeFile(join(dir, "cluster.json"), JSON.stringify(onDisk));
    expect((await openOnDisk([])).controller.state.quotas).toEqual({});
  });

  it("keeps ACL bindings across a restart, and reads a state file written before ACLs existed", async () => {
    const first = await openOnDisk([1]);
    const binding = { resourceType: "topic", resourceName: "orders", patternType: "prefixed", principal: "User:app", host: "*", operation: "read", permission: "allow" } as const;
    expect((await first.controller.alterAcls({ create: [binding], delete: [] })).ok).toBe(true);
    await first.controller.close();
    const second = await openOnDisk([]);
    expect(second.controller.state.acls).toEqual([binding]);
    await second.controller.alterAcls({ create: [], delete: [binding] });
    expect(second.controller.state.acls).toEqual([]);
    await second.controller.close();

    const onDisk = JSON.parse(await readFile(join(dir, "cluster.json"), "utf8")) as Record<string, unknown>;
    delete onDisk["acls"];
    await writeFile(join(dir, "cluster.json"), JSON.stringify(onDisk));
    expect((await openOnDisk([])).controller.state.acls).toEqual([]);
  });

  it("presumes registered SPUs live after a restart and declares dead only those that never return", async () => {
    const first = await openOnDisk([1, 2, 3]);
    await first.controller.createTopic("t", 3, 3, defaultTopicConfig(), []);
    const led = first.controller.state.topics["t"]!.partitions.map((p) => p.leader);
    await first.controller.close();

    const second = await openOnDisk([]);
    expect(Object.values(second.controller.state.spus).every((spu) => spu.live)).toBe(true);
    expect(second.controller.spus().map((s) => s.lastHeartbeatAgeMs)).toEqual([null, null, null]);
    await outliveTimeout(second, [2, 3]);
    const state = second.controller.state;
    expect(state.spus["1"]!.live).toBe(false);
    state.topics["t"]!.partitions.forEach((p, index) => {
      expect(p.leader).not.toBe(1);
      expect(p.leaderEpoch).toBe(led[index] === 1 ? 1 : 0);
    });
    expect(second.controller.spus().find((s) => s.id === 2)!.lastHeartbeatAgeMs).toBeLessThan(TIMEOUT_MS);
  });

  it("re-elects an offline partition's ISR member when it first heartbeats after a restart", async () => {
    const time = new ManualClock();
    const first = await openOnDisk([1, 2], time);
    await first.controller.createTopic("t", 1, 1, defaultTopicConfig(), []);
    const only = first.controller.state.topics["t"]!.partitions[0]!.leader;
    await outliveTimeout(first, [only === 1 ? 2 : 1]);
    expect(first.controller.state.topics["t"]!.partitions[0]!.leader).toBe(-1);
    await first.controller.close();

    const second = await openOnDisk([], time);
    expect(second.controller.state.topics["t"]!.partitions[0]!.leader).toBe(-1);
    await second.controller.heartbeat(only);
    expect(second.controller.state.topics["t"]!.partitions[0]).toMatchObject({ leader: only, leaderEpoch: 2 });
  });

  it("refuses to start from a corrupt state file rather than start empty", async () => {
    await writeFile(join(dir, "cluster.json"), JSON.stringify({ version: 2, clusterId: "c" }));
    await expect(openOnDisk([])).rejects.toThrow(/invalid/);
  });

  it("keeps the previous state file and names it when the current one is lost, instead of starting empty or from it on its own", async () => {
    const first = await openOnDisk([0]);
    await first.controller.createTopic("t", 1, 1, defaultTopicConfig(), []);
    await first.controller.close();
    const previous = JSON.parse(await readFile(join(dir, "cluster.json.previous"), "utf8")) as { stateEpoch: number };
    const current = JSON.parse(await readFile(join(dir, "cluster.json"), "utf8")) as { stateEpoch: number };
    expect(previous.stateEpoch).toBeLessThan(current.stateEpoch);

    await writeFile(join(dir, "cluster.json"), '{"version": 2, "clus');
    await expect(openOnDisk([])).rejects.toThrow(/previous copy .*cluster\.json\.previous.* is intact/);
    await rm(join(dir, "cluster.json"));
    await expect(openOnDisk([])).rejects.toThrow(/cluster\.json is missing.*previous copy/);
  });
});
