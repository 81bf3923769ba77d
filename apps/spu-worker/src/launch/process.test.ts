import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityOf, isAlive, parseStat } from "./identity.js";
import { waitUntilListening } from "./readiness.js";
import { spawnEngine } from "./spawn.js";
import { stopProcess } from "./stop.js";

/** A node child that runs `script`, once it printed "ready" (its handlers are installed then). */
async function child(script: string): Promise<ChildProcess> {
  const started = spawn(process.execPath, ["-e", `${script}; setInterval(() => {}, 1000); console.log("ready")`], { stdio: ["ignore", "pipe", "inherit"] });
  await once(started.stdout!, "data");
  return started;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "freshet-launch-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("process identity", () => {
  it("reads state and start time past a command name holding spaces and parentheses", () => {
    const rest = "S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 20";
    expect(parseStat(`123 (a) b (c) ${rest}`)).toEqual({ state: "S", startTicks: "987654" });
    expect(parseStat("123 (x) S 1")).toBeNull();
  });

  it("treats a pid now run by another process (another start time) as dead", async () => {
    const running = await child("");
    try {
      const identity = identityOf(running.pid!)!;
      expect(isAlive(identity)).toBe(true);
      expect(isAlive({ pid: identity.pid, startTicks: String(BigInt(identity.startTicks) - 1n) })).toBe(false);
    } finally {
      running.kill("SIGKILL");
    }
  });
});

describe("stopProcess", () => {
  it("stops a process that ends on SIGTERM", async () => {
    const running = await child("");
    const exited = once(running, "exit");
    expect(await stopProcess(identityOf(running.pid!)!, 5_000)).toBe("stopped");
    await exited;
    expect(running.signalCode).toBe("SIGTERM");
  });

  it("kills a process that ignores SIGTERM once the grace period is over", async () => {
    const running = await child('process.on("SIGTERM", () => console.error("ignoring SIGTERM"))');
    const identity = identityOf(running.pid!)!;
    const exited = once(running, "exit");
    const started = Date.now();
    expect(await stopProcess(identity, 300)).toBe("killed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(isAlive(identity)).toBe(false);
    await exited;
    expect(running.signalCode).toBe("SIGKILL");
  });

  it("leaves a pid alone that is no longer the process", async () => {
    const running = await child("");
    try {
      expect(await stopProcess({ pid: running.pid!, startTicks: "1" }, 100)).toBe("gone");
      expect(running.exitCode === null && running.signalCode === null).toBe(true);
    } finally {
      running.kill("SIGKILL");
    }
  });
});

describe("spawnEngine and waitUntilListening", () => {
  /** A stand-in worker: writes its runtime file into --data-dir, or exits with the code given by --exit. */
  const fakeEntry = (): string => join(dir, "fake-engine.mjs");
  beforeAll(async () => {
    await writeFile(
      fakeEntry(),
      `import { writeFileSync } from "node:fs";
const arg = (flag) => process.argv[process.argv.indexOf(flag) + 1];
if (process.argv.includes("--log-level")) { console.error("bad flag"); process.exit(2); }
writeFileSync(arg("--data-dir") + "/spu.json", JSON.stringify({ pid: process.pid, host: "127.0.0.1", port: Number(arg("--port")), nodeId: 0, startedAt: "now" }));
setInterval(() => {}, 1000);
`,
    );
  });

  it("waits for the runtime file of the process it started", async () => {
    const dataDir = join(dir, "ok");
    const spawned = await spawnEngine({ entry: fakeEntry(), args: { dataDir, port: 9999 }, output: "ignore" });
    if (!spawned.ok) throw new Error(spawned.reason);
    const { process: engine } = spawned;
    const ready = await waitUntilListening({ dataDir, identity: engine.identity, timeoutMs: 10_000, exitReason: engine.exitReason });
    expect(ready).toMatchObject({ ok: true, info: { pid: engine.identity.pid, port: 9999 } });
    expect(await stopProcess(engine.identity, 5_000)).toBe("stopped");
    await engine.exited;
    expect(engine.exitReason()).toBe("signal SIGTERM");
  });

  it("reports a process that exits before listening, with its exit code", async () => {
    const dataDir = join(dir, "bad");
    const spawned = await spawnEngine({ entry: fakeEntry(), args: { dataDir, logLevel: "warn" }, output: { logFile: join(dir, "logs", "bad.log") } });
    if (!spawned.ok) throw new Error(spawned.reason);
    const ready = await waitUntilListening({ dataDir, identity: spawned.process.identity, timeoutMs: 10_000, exitReason: spawned.process.exitReason });
    expect(ready).toEqual({ ok: false, reason: `process ${spawned.process.identity.pid} (${dataDir}) exited before listening (exit code 2)` });
  });
});
