import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../system/resources.js";
import { defaultTopicConfig } from "../topics/topic-config.js";
import type { ClusterStateView } from "../controller/cluster-state.js";
import { Controller } from "../controller/controller.js";
import { ControllerClient, type ControllerClientOptions } from "./controller-client.js";
import { ControllerServer } from "../controller/controller-server.js";
import { startController, type RunningController } from "../controller/run-controller.js";
import { testControllerSecret } from "../controller/test-support/controller-secret.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { MemoryClusterStateStore } from "../controller/test-support/memory-state-store.js";

const logger = pino({ level: "silent" });
const SPU_TIMEOUT_MS = 400;
const WAIT_MS = 10_000;

let dataDir: string;
let secret: Awaited<ReturnType<typeof testControllerSecret>>;
const cleanups: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "freshet-sc-"));
  secret = await testControllerSecret();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dataDir, { recursive: true, force: true });
  await rm(secret.dir, { recursive: true, force: true });
});

async function controllerOn(port = 0): Promise<RunningController> {
  const sc = await startController({ dataDir, host: "127.0.0.1", port, secretFile: secret.file, heartbeatIntervalMs: 50, spuTimeoutMs: SPU_TIMEOUT_MS }, { logger, clock: systemClock });
  cleanups.push(() => sc.close());
  return sc;
}

function client(port: number, options: Partial<ControllerClientOptions> = {}, clock?: ManualClock): ControllerClient {
  const c = new ControllerClient(
    { host: "127.0.0.1", port, secret: secret.secret, heartbeatIntervalMs: 50, requestTimeoutMs: 2000, watchMaxWaitMs: 1000, retryBackoffMs: 20, maxRetryBackoffMs: 100, ...options },
    { logger, ...(clock ? { clock } : {}) },
  );
  cleanups.push(() => c.close());
  return c;
}

function spuClient(port: number, id: number): ControllerClient {
  return client(port, { spu: { id, host: "127.0.0.1", port: 19_000 + id } });
}

const allLive = (ids: number[]) => (s: ClusterStateView) => ids.every((id) => s.spus[String(id)]?.live === true);

describe("controller over TCP", () => {
  it("registers SPUs, spreads a topic, and moves leadership off an SPU that stops heartbeating", async () => {
    const sc = await controllerOn();
    const one = spuClient(sc.port, 1);
    const two = spuClient(sc.port, 2);
    await Promise.all([one.waitForState(allLive([1, 2]), WAIT_MS), two.waitForState(allLive([1, 2]), WAIT_MS)]);

    expect(await one.createTopic("t", 2, 2, defaultTopicConfig(), [])).toBeNull();
    // The caller sees its own change as soon as the call returns.
    const created = one.current()!.topics["t"]!;
    expect(created.partitions.map((p) => p.leader).sort()).toEqual([1, 2]);
    expect(await one.createTopic("t", 2, 2, defaultTopicConfig(), [])).toMatchObject({ errorName: "TOPIC_ALREADY_EXISTS" });
    expect(await one.createTopic("u", 1, 3, defaultTopicConfig(), [])).toMatchObject({ errorName: "INVALID_REPLICATION_FACTOR" });

    await one.close();
    const moved = await two.waitForState((s) => s.spus["1"]!.live === false, WAIT_MS);
    for (const p of moved.topics["t"]!.partitions) {
      expect(p.leader).toBe(2);
      expect(p.isr).toEqual([2]);
    }
    const ledBefore = created.partitions.findIndex((p) => p.leader === 1);
    expect(moved.topics["t"]!.partitions[ledBefore]!.leaderEpoch).toBe(1);

    // The new leader's ISR changes are fenced by epoch.
    expect(await two.alterIsr("t", ledBefore, 0, [2])).toBe(false);
    expect(await two.alterIsr("t", ledBefore, 1, [2])).toBe(true);

    const cluster = await two.describeCluster();
    expect(cluster.spus.map((s) => [s.id, s.live])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(cluster.spus[1]!.lastHeartbeatAgeMs).toBeLessThan(SPU_TIMEOUT_MS);
    expect(cluster.state.topics["t"]).toBeDefined();
    const ids = await two.allocateProducerIds(10);
    expect(await two.allocateProducerIds(10)).toEqual({ first: ids.first + 10, count: 10 });
  });

  it("keeps clients on their last state while the controller restarts, then they reconnect by themselves", async () => {
    const first = await controllerOn();
    const port = first.port;
    const one = spuClient(port, 1);
    const two = spuClient(port, 2);
    await Promise.all([one.waitForState(allLive([1, 2]), WAIT_MS), two.waitForState(allLive([1, 2]), WAIT_MS)]);
    expect(await one.createTopic("t", 2, 2, defaultTopicConfig(), [])).toBeNull();
    await two.waitForState((s) => s.topics["t"] !== undefined, WAIT_MS);
    const before = two.current();
    let changes = 0;
    two.onState(() => changes++);

    await first.close();
    expect(await one.deleteTopic("t")).toMatchObject({ errorName: "NOT_CONTROLLER" });
    // Both have noticed the controller is gone (their loops are retrying) and still hold the last state.
    await expect.poll(() => [one.reachable, two.reachable], { timeout: WAIT_MS }).toEqual([false, false]);
    expect(two.current()).toBe(before);

    const second = await controllerOn(port);
    // Both SPUs heartbeat the new controller process on their own.
    await expect.poll(() => second.controller.spus().map((s) => s.lastHeartbeatAgeMs !== null), { timeout: WAIT_MS }).toEqual([true, true]);
    await expect.poll(() => [one.reachable, two.reachable], { timeout: WAIT_MS }).toEqual([true, true]);
    expect(two.current()).toBe(before);
    expect(changes).toBe(0);
    const grown = await second.controller.addPartitions("t", 3);
    expect(grown.ok).toBe(true);
    await Promise.all([one, two].map((c) => c.waitForState((s) => s.topics["t"]?.partitions.length === 3, WAIT_MS)));
    expect(two.current()!.stateEpoch).toBe(before!.stateEpoch + 1);
  });

  it("follows a controller rebuilt from empty state, though its epochs start over", async () => {
    const first = await controllerOn();
    const one = spuClient(first.port, 1);
    await one.waitForState(allLive([1]), WAIT_MS);
    expect(await one.createTopic("t", 1, 1, defaultTopicConfig(), [])).toBeNull();
    expect(await one.createTopic("u", 1, 1, defaultTopicConfig(), [])).toBeNull();
    const old = one.current()!;
    await first.close();
    await rm(dataDir, { recursive: true, force: true });

    const rebuilt = await controllerOn(first.port);
    const adopted = await one.waitForState((s) => s.clusterId !== old.clusterId, WAIT_MS);
    expect(adopted.stateEpoch).toBeLessThan(old.stateEpoch);
    expect(adopted.topics).toEqual({});
    // The SPU registers again with the controller that forgot it.
    await expect.poll(() => rebuilt.controller.state.spus["1"], { timeout: WAIT_MS }).toMatchObject({ port: 19_001, live: true });
  });

  it("ends a parked watch when its connection goes away", async () => {
    const time = new ManualClock();
    const controller = await Controller.open(new MemoryClusterStateStore(), {}, { logger, clock: time });
    cleanups.push(() => controller.close());
    const server = await ControllerServer.start(controller, { host: "127.0.0.1", port: 0, secret: secret.secret }, { logger, clock: systemClock });
    cleanups.push(() => server.close());
    const idle = time.pendingTimers;

    const watcher = client(server.port, { watchMaxWaitMs: 60_000 });
    await watcher.waitForState(() => true, WAIT_MS);
    // The second watch is parked on the controller, holding a wait timer.
    await expect.poll(() => time.pendingTimers, { timeout: WAIT_MS }).toBe(idle + 1);
    await watcher.close();
    await expect.poll(() => time.pendingTimers, { timeout: WAIT_MS }).toBe(idle);
    await expect.poll(() => server.connectionCount, { timeout: WAIT_MS }).toBe(0);
  });

  it("fails a request the controller never answers and drops that connection", async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      // Reads and ignores requests (a paused socket would never notice the client leaving).
      socket.resume();
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
    const address = silent.address() as AddressInfo;
    const admin = client(address.port, { watch: false, requestTimeoutMs: 200 });
    expect(await admin.deleteTopic("t")).toMatchObject({ errorName: "REQUEST_TIMED_OUT" });
    await expect.poll(() => sockets.size, { timeout: WAIT_MS }).toBe(0);
  });

  it("leaves no timers or sockets behind when closed, even twice", async () => {
    const sc = await controllerOn();
    const timers = new ManualClock();
    const spu = client(sc.port, { spu: { id: 7, host: "127.0.0.1", port: 19_007 } }, timers);
    await spu.waitForState(allLive([7]), WAIT_MS);
    const never = spu.waitForState(() => false, WAIT_MS);
    await spu.close();
    await expect(never).rejects.toMatchObject({ error: { errorName: "NOT_CONTROLLER" } });
    await spu.close();
    expect(timers.pendingTimers).toBe(0);
    await expect.poll(() => sc.controller.spus().length, { timeout: WAIT_MS }).toBe(1);
    expect(spu.current()!.spus["7"]).toBeDefined();
  });
});
