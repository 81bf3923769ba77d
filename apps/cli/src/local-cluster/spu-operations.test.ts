import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../errors/user-error.js";
import { FakeMachine } from "../test-support/fake-machine.js";
import { controllerSecretPath, readManifest, scDir, spuDir, type ClusterManifest } from "./cluster-manifest.js";
import { startSpuCluster } from "./spu-cluster.js";
import { addSpu, startSpu, stopSpu } from "./spu-operations.js";
import { workerArgs } from "./worker-spec.js";

let dataDir: string;
let machine: FakeMachine;
let manifest: ClusterManifest;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "freshet-cli-spu-ops-"));
  machine = new FakeMachine();
  ({ manifest } = await startSpuCluster(machine.deps(), {
    dataDir,
    host: "127.0.0.1",
    spus: 3,
    spuPort: { kind: "explicit", port: 7000, flag: "--port" },
    scPort: { kind: "explicit", port: 7100, flag: "--sc-port" },
  }));
  machine.launches.length = 0;
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function failure(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as Error).message;
}

describe("spu stop", () => {
  it("returns once the controller has declared the SPU gone", async () => {
    machine.deadAfterMs = 3_000;
    const before = machine.now();
    const stopped = await stopSpu(machine.deps(), dataDir, manifest, 1, 30_000);
    expect(stopped).toMatchObject({ label: "SPU 1", forced: false });
    expect(machine.now() - before).toBeGreaterThanOrEqual(3_000);
    expect(machine.describe().spus.find((s) => s.id === 1)!.live).toBe(false);
    expect(await machine.running(spuDir(dataDir, 1))).toBeNull();
  });

  it("refuses unknown and stopped SPUs", async () => {
    expect(await failure(stopSpu(machine.deps(), dataDir, manifest, 7, 1_000))).toBe(`SPU 7 is not part of the cluster in ${dataDir} (SPUs: 0, 1, 2)`);
    await stopSpu(machine.deps(), dataDir, manifest, 2, 1_000);
    expect(await failure(stopSpu(machine.deps(), dataDir, manifest, 2, 1_000))).toBe("SPU 2 is not running");
  });
});

describe("spu start", () => {
  it("restarts a stopped SPU with the same id, data directory and port, and waits until it is live", async () => {
    await stopSpu(machine.deps(), dataDir, manifest, 0, 1_000);
    machine.registerAfterMs = 500;
    const started = await startSpu(machine.deps(), dataDir, manifest, 0, { empty: false });
    expect(machine.launches.map(workerArgs)).toEqual([
      { role: "spu", nodeId: 0, sc: "127.0.0.1:7100", controllerSecret: controllerSecretPath(dataDir), dataDir: spuDir(dataDir, 0), host: "127.0.0.1", port: 7000 },
    ]);
    expect(started.runtime.port).toBe(7000);
    expect(machine.wiped).toEqual([]);
    expect(machine.describe().spus.find((s) => s.id === 0)!.live).toBe(true);
  });

  it("with --empty wipes the data directory only after the controller let the old one go", async () => {
    // Killed outside the CLI: the controller still counts it live for a while.
    machine.deadAfterMs = 3_000;
    const runtime = (await machine.running(spuDir(dataDir, 2)))!;
    machine.signal(runtime.pid, "SIGKILL");
    const before = machine.now();
    await startSpu(machine.deps(), dataDir, manifest, 2, { empty: true });
    expect(machine.now() - before).toBeGreaterThanOrEqual(3_000);
    expect(machine.wiped).toEqual([spuDir(dataDir, 2)]);
    expect(machine.launches).toHaveLength(1);
  });

  it("takes a free port when its old one was taken meanwhile, and records it", async () => {
    await stopSpu(machine.deps(), dataDir, manifest, 1, 1_000);
    machine.busyPorts.add(7001);
    const started = await startSpu(machine.deps(), dataDir, manifest, 1, { empty: false });
    expect(machine.launches[0]!.port).toBe(0);
    expect(started.runtime.port).not.toBe(7001);
    expect((await readManifest(dataDir))!.spus["1"]!.port).toBe(started.runtime.port);
  });

  it("refuses a running SPU, and any start while the SC is down", async () => {
    const running = (await machine.running(spuDir(dataDir, 1)))!;
    expect(await failure(startSpu(machine.deps(), dataDir, manifest, 1, { empty: true }))).toBe(`SPU 1 is already running (pid ${running.pid})`);
    expect(machine.wiped).toEqual([]);
    await stopSpu(machine.deps(), dataDir, manifest, 1, 1_000);
    machine.signal((await machine.running(scDir(dataDir)))!.pid, "SIGTERM");
    expect(await failure(startSpu(machine.deps(), dataDir, manifest, 1, { empty: false }))).toContain("the SC of this cluster is not running");
    expect(machine.launches).toEqual([]);
  });
});

describe("spu add", () => {
  it("starts the next id on the port after the highest, joining the same SC, and records it", async () => {
    const added = await addSpu(machine.deps(), dataDir, manifest, null);
    expect(added.id).toBe(3);
    expect(machine.launches.map(workerArgs)).toEqual([
      { role: "spu", nodeId: 3, sc: "127.0.0.1:7100", controllerSecret: controllerSecretPath(dataDir), dataDir: spuDir(dataDir, 3), host: "127.0.0.1", port: 7003 },
    ]);
    expect((await readManifest(dataDir))!.spus).toEqual({ "0": { port: 7000 }, "1": { port: 7001 }, "2": { port: 7002 }, "3": { port: 7003 } });
    expect(machine.describe().spus.map((s) => s.id)).toEqual([0, 1, 2, 3]);
  });

  it("honours an explicit port and refuses a taken one", async () => {
    machine.busyPorts.add(7500);
    expect(await failure(addSpu(machine.deps(), dataDir, manifest, { kind: "explicit", port: 7500, flag: "--port" }))).toContain("port 7500 on 127.0.0.1 is already in use");
    const added = await addSpu(machine.deps(), dataDir, manifest, { kind: "explicit", port: 7600, flag: "--port" });
    expect(added.runtime.port).toBe(7600);
  });
});
