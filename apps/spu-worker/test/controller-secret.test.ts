/*
 * The controller secret from the process's side: the SC and SPUs refuse to start
 * without a usable secret file, and an SPU holding another cluster's secret
 * never joins (the SC answers it nothing but a refusal).
 */
import { randomBytes } from "node:crypto";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ENGINE_ENTRY, spawnEngine } from "../src/launch/index.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const running: SpuProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const spu of running.splice(0)) {
    await spu.stop();
    await removeDataDir(spu.dataDir);
  }
  for (const dir of dirs.splice(0)) await removeDataDir(dir);
});

async function scratch(): Promise<string> {
  const dir = await makeDataDir();
  dirs.push(dir);
  return dir;
}

async function started(args: string[]): Promise<SpuProcess> {
  const spu = await startSpu({ args });
  running.push(spu);
  return spu;
}

describe("the controller secret file", () => {
  it("is required by --role sc and --role spu", async () => {
    await expect(startSpu({ args: ["--role", "sc"] })).rejects.toThrow(/exited with 2[\s\S]*--role sc needs the cluster's controller secret file: --controller-secret FILE/);
    await expect(startSpu({ args: ["--role", "spu", "--sc", "127.0.0.1:1"] })).rejects.toThrow(/--role spu needs the cluster's controller secret file/);
  });

  it("must not be readable by other users", async () => {
    const file = join(await scratch(), "controller.secret");
    await writeFile(file, `${randomBytes(32).toString("base64")}\n`);
    await chmod(file, 0o644);
    await expect(startSpu({ args: ["--role", "spu", "--sc", "127.0.0.1:1", "--controller-secret", file] })).rejects.toThrow(
      /exited with 2[\s\S]*may be read by other users \(mode 644\); run chmod 600 on it/,
    );
  });

  it("keeps an SPU holding another cluster's secret out of the cluster", async () => {
    const ours = join(await scratch(), "controller.secret");
    const theirs = join(await scratch(), "controller.secret");
    const sc = await started(["--role", "sc", "--controller-secret", ours]);
    const member = await started(["--role", "spu", "--sc", sc.bootstrap, "--controller-secret", ours, "--node-id", "1"]);
    await writeFile(theirs, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    // It never gets a cluster state, so it never listens: watched through its output instead.
    const intruderDir = await scratch();
    const spawned = await spawnEngine({ entry: ENGINE_ENTRY, args: { dataDir: intruderDir, port: 0, role: "spu", sc: sc.bootstrap, controllerSecret: theirs, nodeId: 2 }, output: "pipe" });
    if (!spawned.ok) throw new Error(spawned.reason);
    const { child: intruder, exited: intruderExited } = spawned.process;
    let intruderOutput = "";
    intruder.stdout!.on("data", (chunk: Buffer) => (intruderOutput += chunk.toString()));
    try {
      await eventually("the member to register", () => (member.output().includes("registered with the controller") ? true : undefined));
      await eventually("the intruder to be refused", () => (intruderOutput.includes("wrong controller secret") ? true : undefined));
      expect(intruderOutput).not.toContain("registered with the controller");
      expect(sc.output()).toMatch(/controller authentication failed \(wrong secret\)/);
    } finally {
      intruder.kill("SIGKILL");
      await intruderExited;
    }
  });
});
