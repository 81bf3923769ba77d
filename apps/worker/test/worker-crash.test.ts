import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMemberRecord } from "../src/drivers/local/member-record.js";
import { CONTROL_PLANE_SECRET, createFixture, listedBrokers, REDIS_URL, type Fixture } from "./support/fixture.js";

const WORKER_ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), "../dist/main.js");

describe("a worker process killed mid-provisioning", () => {
  let fx: Fixture;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    fx = await createFixture();
  });

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await fx?.close();
  });

  /** The built worker as its own process; its output goes to `<data root>/<name>.log`. */
  function startWorker(name: string): { child: ChildProcess; exited: Promise<number | null>; log: string } {
    const log = join(fx.dataRoot, `${name}.log`);
    const fd = openSync(log, "a");
    const child = spawn(process.execPath, [WORKER_ENTRY], {
      stdio: ["ignore", fd, fd],
      env: {
        ...process.env,
        DATABASE_URL: fx.db.url,
        REDIS_URL,
        PROVISIONING_QUEUE: fx.queueName,
        CONTROL_PLANE_SECRET,
        FRESHET_CLOUD_DATA: fx.dataRoot,
        // A dead worker's job is taken over 2 s after its last lock renewal.
        WORKER_LOCK_MS: "2000",
        WORKER_STALLED_CHECK_MS: "500",
        RECONCILE_INTERVAL_MS: "0",
        // Not under test here; off, so no job scheduler is left in the shared Redis.
        METERING_INTERVAL_MS: "0",
        SHUTDOWN_TIMEOUT_MS: "10000",
      },
    });
    closeSync(fd);
    children.add(child);
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => (children.delete(child), done(code))));
    return { child, exited, log };
  }

  const logOf = (path: string) => readFile(path, "utf8").catch(() => "");
  const messages = async (path: string) =>
    (await logOf(path))
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => (JSON.parse(line) as { msg: string }).msg);

  it("ends Running exactly once under the next worker, which adopts what the dead one started", async () => {
    const clusterId = await fx.createCluster(2);
    await fx.addCredential(clusterId, "alice", "alice-password");
    const first = startWorker("worker-1");
    await expect.poll(() => messages(first.log), { timeout: 20_000 }).toContain("worker ready");

    const sc = fx.driver.layout(clusterId).member("sc");
    await fx.queue.enqueue("provision-cluster", { clusterId });
    await expect.poll(() => existsSync(sc.recordFile), { timeout: 20_000, interval: 5 }).toBe(true);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(await fx.status(clusterId)).toBe("Provisioning");
    const adoptedSc = await readMemberRecord(sc.recordFile);

    const second = startWorker("worker-2");
    const restartedAt = Date.now();
    await fx.waitForStatus(clusterId, "Running", 30_000);
    console.log(`second worker start → Running: ${Date.now() - restartedAt} ms`);

    const processes = await fx.driver.processes(clusterId);
    expect(processes.map((p) => p.dataDir.slice(fx.driver.layout(clusterId).root.length)).sort()).toEqual(["/sc", "/spu-0", "/spu-1"]);
    expect(processes.find((p) => p.dataDir === sc.dataDir)?.identity.pid).toBe(adoptedSc?.pid);
    const running = [...(await messages(first.log)), ...(await messages(second.log))].filter((msg) => msg === "cluster running");
    expect(running).toEqual(["cluster running"]);
    expect(await messages(second.log)).toContain("member adopted");
    const row = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(await listedBrokers(`${row.bootstrapHost}:${row.bootstrapPort}`, "alice", "alice-password")).toEqual([0, 1]);

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect((await messages(second.log)).slice(-2)).toEqual(["shutting down", "stopped"]);
    // Tenant clusters outlive the worker.
    expect(await fx.driver.processes(clusterId)).toHaveLength(3);
  });
});
