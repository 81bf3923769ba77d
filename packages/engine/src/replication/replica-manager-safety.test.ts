import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock, type EngineResources } from "../system/resources.js";
import { testBatch } from "../log/test-support/test-batches.js";
import { defaultTopicConfig } from "../topics/topic-config.js";
import type { ClusterStateView } from "./cluster-link.js";
import { ReplicaManager } from "./replica-manager.js";
import { scriptedLink } from "./test-support/scripted-link.js";

let dataDir = "";
let manager: ReplicaManager | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "freshet-replicas-"));
});

afterEach(async () => {
  await manager?.close();
  manager = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

function stateOf(clusterId: string, stateEpoch: number, topics: Record<string, string>): ClusterStateView {
  return {
    clusterId,
    stateEpoch,
    nextProducerId: 0,
    spus: { "0": { host: "127.0.0.1", port: 9092, live: true } },
    topics: Object.fromEntries(
      Object.entries(topics).map(([name, id]) => [name, { id, config: defaultTopicConfig(), explicitConfig: [], partitions: [{ replicas: [0], leader: 0, leaderEpoch: 1, isr: [0] }] }]),
    ),
  };
}

function resourcesWithLog(): { resources: EngineResources; messages: string[] } {
  const messages: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      messages.push((JSON.parse(chunk.toString()) as { msg: string }).msg);
      done();
    },
  });
  return { resources: { logger: pino({ level: "info" }, sink), clock: systemClock }, messages };
}

describe("an SPU's replicas when the controller's view changes under it", () => {
  it("keeps every replica when a controller with another cluster id (one that lost its state) stops listing them", async () => {
    const { resources, messages } = resourcesWithLog();
    const { link, push } = scriptedLink(stateOf("cluster-a", 5, { orders: "topic-1" }));
    manager = await ReplicaManager.start({ selfId: 0, dataDir, replicaLagMaxMs: 10_000 }, link, resources);
    await manager.local("orders", 0)!.log.append(await testBatch());

    push(stateOf("cluster-b", 6, {}));
    push(stateOf("cluster-b", 7, {}));
    await manager.apply(stateOf("cluster-b", 8, {}));
    expect(manager.local("orders", 0)?.log.logEndOffset).toBe(1);
    expect(await readdir(join(dataDir, "topics"))).toEqual(["orders-0"]);
    expect(messages.filter((message) => message.startsWith("controller reports another cluster id"))).toHaveLength(1);
  });

  it("moves a directory left by an earlier topic of the same name to quarantine instead of serving or deleting it", async () => {
    const first = resourcesWithLog();
    const { link } = scriptedLink(stateOf("cluster-a", 5, { orders: "topic-1" }));
    manager = await ReplicaManager.start({ selfId: 0, dataDir, replicaLagMaxMs: 10_000 }, link, first.resources);
    await manager.local("orders", 0)!.log.append(await testBatch());
    await manager.close();

    const second = resourcesWithLog();
    manager = await ReplicaManager.start({ selfId: 0, dataDir, replicaLagMaxMs: 10_000 }, scriptedLink(stateOf("cluster-a", 9, { orders: "topic-2" })).link, second.resources);
    expect(manager.local("orders", 0)?.log.logEndOffset).toBe(0);
    const quarantined = join(dataDir, "quarantine", "orders-0-topic-1");
    expect((await readdir(quarantined)).filter((name) => name.endsWith(".log"))).toHaveLength(1);
    expect(await readFile(join(dataDir, "topics", "orders-0", "partition.metadata"), "utf8")).toContain("topic_id: topic-2");
    expect(second.messages.filter((message) => message.includes("moved to quarantine"))).toHaveLength(1);
  });
});
