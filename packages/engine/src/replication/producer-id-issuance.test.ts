import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock, type Clock } from "../system/clock.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import type { ClusterLink, ClusterStateView } from "./cluster-link.js";
import { ReplicaManager } from "./replica-manager.js";

/** A controller link that delivers the states the test hands it, and nothing else. */
function scriptedLink(first: ClusterStateView) {
  let current = first;
  const listeners = new Set<(state: ClusterStateView) => void>();
  const link = {
    current: () => current,
    onState(listener: (state: ClusterStateView) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as ClusterLink;
  const deliver = (state: ClusterStateView) => {
    current = state;
    for (const listener of listeners) listener(state);
  };
  return { link, deliver };
}

function stateWith(stateEpoch: number, nextProducerId: number): ClusterStateView {
  return { clusterId: "c", stateEpoch, nextProducerId, spus: { "0": { host: "127.0.0.1", port: 1, live: true } }, topics: {} };
}

describe("ReplicaManager.producerIdIssued", () => {
  let dataDir: string;
  let manager: ReplicaManager | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "freshet-issuance-"));
  });

  afterEach(async () => {
    await manager?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(nextProducerId: number, clock: Clock = systemClock) {
    const scripted = scriptedLink(stateWith(1, nextProducerId));
    manager = await ReplicaManager.start({ selfId: 0, dataDir, replicaLagMaxMs: 1000 }, scripted.link, { logger: pino({ level: "silent" }), clock });
    return { manager, deliver: scripted.deliver };
  }

  it("knows ids below the controller's next producer id at once", async () => {
    const { manager } = await start(300);
    expect(manager.producerIdIssued(0)).toBe(true);
    expect(manager.producerIdIssued(299)).toBe(true);
  });

  it("refuses ids far above every known allocation at once", async () => {
    const { manager } = await start(300);
    expect(manager.producerIdIssued(300 + 1_000_000)).toBe(false);
  });

  it("waits for news of another SPU's block for an id just above, and accepts it when the block arrives", async () => {
    const { manager, deliver } = await start(300);
    const pending = manager.producerIdIssued(350);
    expect(pending).toBeInstanceOf(Promise);
    deliver(stateWith(2, 320));
    deliver(stateWith(3, 400));
    await expect(pending).resolves.toBe(true);
  });

  it("refuses an id just above once no news covers it in time", async () => {
    const clock = new ManualClock();
    const { manager, deliver } = await start(300, clock);
    const pending = manager.producerIdIssued(350);
    deliver(stateWith(2, 320));
    clock.advance(2_500);
    await expect(pending).resolves.toBe(false);
  });
});
