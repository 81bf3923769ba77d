import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../errors/user-error.js";
import { FakeMachine } from "../test-support/fake-machine.js";
import { controllerSecretPath, readManifest, scDir, spuDir, writeManifest } from "./cluster-manifest.js";
import { clusterAddresses, startSpuCluster, stopSpuCluster, type ClusterStartRequest } from "./spu-cluster.js";
import { workerArgs } from "./worker-spec.js";

let dataDir: string;
let machine: FakeMachine;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "freshet-cli-spu-cluster-"));
  machine = new FakeMachine();
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function request(overrides: Partial<ClusterStartRequest> = {}): ClusterStartRequest {
  return {
    dataDir,
    host: "127.0.0.1",
    spus: 3,
    spuPort: { kind: "preferred", port: 9092 },
    scPort: { kind: "preferred", port: 9003 },
    ...overrides,
  };
}

async function failure(run: Promise<unknown>): Promise<UserError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe("starting a local multi-SPU cluster", () => {
  it("starts the SC, then SPUs 0..N-1 pointed at it, and records the ports they bound", async () => {
    const cluster = await startSpuCluster(machine.deps(), request());
    expect(machine.launches.map(workerArgs)).toEqual([
      { role: "sc", controllerSecret: controllerSecretPath(dataDir), dataDir: scDir(dataDir), host: "127.0.0.1", port: 9003 },
      { role: "spu", nodeId: 0, sc: "127.0.0.1:9003", controllerSecret: controllerSecretPath(dataDir), dataDir: spuDir(dataDir, 0), host: "127.0.0.1", port: 9092 },
      { role: "spu", nodeId: 1, sc: "127.0.0.1:9003", controllerSecret: controllerSecretPath(dataDir), dataDir: spuDir(dataDir, 1), host: "127.0.0.1", port: 9093 },
      { role: "spu", nodeId: 2, sc: "127.0.0.1:9003", controllerSecret: controllerSecretPath(dataDir), dataDir: spuDir(dataDir, 2), host: "127.0.0.1", port: 9094 },
    ]);
    expect(cluster.kind).toBe("started");
    expect(cluster.spus.map((s) => [s.id, s.runtime.port])).toEqual([
      [0, 9092],
      [1, 9093],
      [2, 9094],
    ]);
    expect(await readManifest(dataDir)).toEqual({ version: 1, host: "127.0.0.1", sc: { port: 9003 }, spus: { "0": { port: 9092 }, "1": { port: 9093 }, "2": { port: 9094 } } });
    expect(clusterAddresses(cluster.manifest)).toEqual({ bootstrap: "127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094", controller: "127.0.0.1:9003" });
  });

  it("takes free ports where default ones are busy and records what was bound", async () => {
    machine.busyPorts.add(9003).add(9093);
    const cluster = await startSpuCluster(machine.deps(), request());
    expect(machine.launches.map((spec) => spec.port)).toEqual([0, 9092, 0, 9094]);
    const manifest = await readManifest(dataDir);
    expect(manifest!.sc.port).toBe(cluster.sc.port);
    expect(manifest!.sc.port).not.toBe(0);
    expect(manifest!.spus["1"]!.port).toBe(cluster.spus[1]!.runtime.port);
  });

  it("refuses an explicit port that is taken before starting anything", async () => {
    machine.busyPorts.add(7001);
    const error = await failure(startSpuCluster(machine.deps(), request({ spuPort: { kind: "explicit", port: 7000, flag: "--port" } })));
    expect(error.message).toBe("port 7001 on 127.0.0.1 is already in use — stop what uses it or pick another with --port");
    expect(machine.launches).toEqual([]);
  });

  it("is already running when every process runs, and restarts only what is down on its recorded port", async () => {
    await startSpuCluster(machine.deps(), request());
    const again = await startSpuCluster(machine.deps(), request({ spus: null }));
    expect(again.kind).toBe("already-running");
    expect(machine.launches).toHaveLength(4);

    const spu1 = (await machine.running(spuDir(dataDir, 1)))!;
    machine.signal(spu1.pid, "SIGTERM");
    const restarted = await startSpuCluster(machine.deps(), request({ spus: null }));
    expect(restarted.kind).toBe("started");
    expect(machine.launches.slice(4).map(workerArgs)).toEqual([
      { role: "spu", nodeId: 1, sc: "127.0.0.1:9003", controllerSecret: controllerSecretPath(dataDir), dataDir: spuDir(dataDir, 1), host: "127.0.0.1", port: 9093 },
    ]);
  });

  it("waits until the controller sees every SPU live", async () => {
    machine.registerAfterMs = 1_000;
    const progress: string[] = [];
    const started = machine.now();
    await startSpuCluster(machine.deps(progress), request());
    expect(machine.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(machine.describe().spus.every((s) => s.live)).toBe(true);
  });

  it("names the SPUs the controller never sees live", async () => {
    machine.registerAfterMs = 60_000;
    const error = await failure(startSpuCluster(machine.deps([], 2_000), request({ spus: 2 })));
    expect(error.message).toBe("the controller at 127.0.0.1:9003 does not see SPU 0, SPU 1 as live after 2 s");
  });

  it("reports an SPU that exits during start with its log, ending the ones still starting", async () => {
    machine.behaviour = (spec) => (spec.role === "spu" && spec.nodeId === 1 ? { readyAfterSleeps: null, crash: "exit code 1" } : { readyAfterSleeps: spec.role === "sc" ? 1 : 5 });
    const error = await failure(startSpuCluster(machine.deps(), request()));
    expect(error.message).toBe(`SPU 1 stopped before it was ready (exit code 1); last lines of ${join(spuDir(dataDir, 1), "spu.log")}:\nlast words of ${spuDir(dataDir, 1)}/spu.log`);
    // SPUs 0 and 2 had not written spu.json yet: they were told to stop.
    expect(machine.signals).toEqual([]);
    expect(await machine.running(spuDir(dataDir, 0))).toBeNull();
    expect(await machine.running(spuDir(dataDir, 2))).toBeNull();
    expect(await machine.running(scDir(dataDir))).not.toBeNull();
  });

  it("refuses a different SPU count than the data directory records", async () => {
    await writeManifest(dataDir, { version: 1, host: "127.0.0.1", sc: { port: 9003 }, spus: { "0": { port: 9092 }, "1": { port: 9093 } } });
    const error = await failure(startSpuCluster(machine.deps(), request({ spus: 3 })));
    expect(error.message).toContain("has 2 SPUs, not 3");
    expect(machine.launches).toEqual([]);
  });

  it("refuses a data directory holding a single broker", async () => {
    await writeFile(join(dataDir, "metadata.json"), "{}");
    const error = await failure(startSpuCluster(machine.deps(), request()));
    expect(error.message).toContain("holds a single-broker cluster");
  });

  it("refuses a broken manifest instead of overwriting it", async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, "local-cluster.json"), JSON.stringify({ version: 1, host: "h", sc: { port: -1 }, spus: {} }));
    const error = await failure(startSpuCluster(machine.deps(), request()));
    expect(error.message).toContain("is invalid at sc.port");
    expect(await readFile(join(dataDir, "local-cluster.json"), "utf8")).toContain('"port":-1');
  });
});

describe("stopping a local multi-SPU cluster", () => {
  it("stops every SPU before the SC", async () => {
    await startSpuCluster(machine.deps(), request());
    const stopped = await stopSpuCluster(machine.deps(), dataDir, (await readManifest(dataDir))!, 30_000);
    expect(machine.signals.map((s) => `${s.signal} ${s.label}`)).toEqual(["SIGTERM spu-0", "SIGTERM spu-1", "SIGTERM spu-2", "SIGTERM sc"]);
    expect(stopped.map((s) => [s.label, s.forced])).toEqual([
      ["SPU 0", false],
      ["SPU 1", false],
      ["SPU 2", false],
      ["the SC", false],
    ]);
  });

  it("kills an SPU that ignores SIGTERM past the grace period and clears its runtime file", async () => {
    machine.behaviour = (spec) => ({ readyAfterSleeps: 1, ignoresSigterm: spec.role === "spu" && spec.nodeId === 2 });
    await startSpuCluster(machine.deps(), request());
    const progress: string[] = [];
    const before = machine.now();
    const stopped = await stopSpuCluster(machine.deps(progress), dataDir, (await readManifest(dataDir))!, 3_000);
    expect(machine.now() - before).toBeGreaterThanOrEqual(3_000);
    expect(stopped.find((s) => s.label === "SPU 2")!.forced).toBe(true);
    expect(progress).toContain("SPU 2 did not stop within 3 s; killing it\n");
    expect(machine.signals.map((s) => `${s.signal} ${s.label}`)).toEqual(["SIGTERM spu-0", "SIGTERM spu-1", "SIGTERM spu-2", "SIGKILL spu-2", "SIGTERM sc"]);
    expect(await machine.readRuntime(spuDir(dataDir, 2))).toBeNull();
  });

  it("says so when nothing runs", async () => {
    await writeManifest(dataDir, { version: 1, host: "127.0.0.1", sc: { port: 9003 }, spus: { "0": { port: 9092 } } });
    const error = await failure(stopSpuCluster(machine.deps(), dataDir, (await readManifest(dataDir))!, 1_000));
    expect(error.message).toBe(`no Freshet cluster is running (data dir ${dataDir})`);
  });
});
