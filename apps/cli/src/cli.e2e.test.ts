import { pidRunning } from "@freshet/spu-worker/launch";
import { spawn } from "node:child_process";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_MAIN, runCli, withoutProgress, type Run } from "./test-support/run-cli.js";
import { murmur2, toPositive } from "@freshet/client/producer/murmur2";

/*
 * The built `freshet` binary against the real broker it spawns
 * (node apps/spu-worker/dist/main.js), in a throw-away FRESHET_HOME. The steps
 * share one cluster and run in order.
 */

let home: string;

function freshet(args: readonly string[], input?: string): Promise<Run> {
  return runCli(home, args, input);
}

async function runtime(): Promise<{ pid: number; host: string; port: number } | null> {
  try {
    return JSON.parse(await readFile(join(home, "local", "spu.json"), "utf8")) as { pid: number; host: string; port: number };
  } catch {
    return null;
  }
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.length > 0);
}

const partitionOf = (key: string, partitions: number): number => toPositive(murmur2(new TextEncoder().encode(key))) % partitions;

beforeAll(async () => {
  await access(CLI_MAIN).catch(() => {
    throw new Error(`${CLI_MAIN} is missing: build the workspace first (npm run build)`);
  });
  home = await mkdtemp(join(tmpdir(), "freshet-cli-e2e-"));
});

afterAll(async () => {
  // Only if a step failed half-way: never leave a broker running.
  const running = await runtime();
  if (running !== null && pidRunning(running.pid)) process.kill(running.pid, "SIGKILL");
  await rm(home, { recursive: true, force: true });
});

describe("freshet CLI end to end", () => {
  let bootstrap = "";

  it("starts a local cluster in the background and saves it as the current profile", async () => {
    const run = await freshet(["cluster", "start", "--local", "--port", "0"]);
    expect(withoutProgress(run.stderr)).toBe("");
    expect(run.code).toBe(0);
    const info = await runtime();
    expect(info).not.toBeNull();
    expect(pidRunning(info!.pid)).toBe(true);
    bootstrap = `${info!.host}:${info!.port}`;
    expect(run.stdout).toContain(`bootstrap: ${bootstrap}`);
    const config = JSON.parse(await readFile(join(home, "config.json"), "utf8")) as { currentProfile: string; profiles: Record<string, { bootstrap: string }> };
    expect(config.currentProfile).toBe("local");
    expect(config.profiles.local!.bootstrap).toBe(bootstrap);
  });

  it("says the cluster is already running when started twice", async () => {
    const run = await freshet(["cluster", "start", "--local", "--port", "0"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`already running (pid ${(await runtime())!.pid})`);
  });

  it("reports status with pid, address and topic count", async () => {
    const run = await freshet(["cluster", "status"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Freshet cluster is running");
    expect(run.stdout).toContain(`bootstrap: ${bootstrap}`);
    expect(run.stdout).toMatch(/topics:\s+0/);
  });

  it("creates a topic with retention, size and durability settings", async () => {
    const run = await freshet(["topic", "create", "events", "-p", "3", "--retention-time", "3d", "--retention-bytes", "1GiB", "--durability", "interval", "--flush-interval", "1s"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const again = await freshet(["topic", "create", "events"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('freshet: topic "events" already exists\n');
  });

  it("lists and describes topics", async () => {
    const list = await freshet(["topic", "list"]);
    expect(list.code).toBe(0);
    expect(lines(list.stdout)).toEqual(["NAME    PARTITIONS  REPLICATION", "events  3           1"]);
    const describe = await freshet(["topic", "describe", "events"]);
    expect(describe.code).toBe(0);
    expect(describe.stdout).toContain("Partitions: 3");
    expect(describe.stdout).toMatch(/retention\.ms\s+259200000\s+topic/);
    expect(describe.stdout).toMatch(/retention\.bytes\s+1073741824\s+topic/);
    expect(describe.stdout).toMatch(/freshet\.durability\s+interval\s+topic/);
    expect(describe.stdout).toMatch(/flush\.ms\s+1000/);
  });

  it("produces keyed lines from stdin and consumes them back with -B -d", async () => {
    const input = Array.from({ length: 100 }, (_, i) => `k${i}:v${i}\n`).join("");
    const produced = await freshet(["produce", "events", "--key-separator", ":"], input);
    expect(produced.code).toBe(0);
    expect(produced.stderr).toMatch(/^produced 100 records \(.+\) to "events" in \d+\.\d\d s\n$/);
    const consumed = await freshet(["consume", "events", "-B", "-d", "-F", "{{partition}} {{key}} {{value}}"]);
    expect(consumed.code).toBe(0);
    const records = lines(consumed.stdout).map((line) => line.split(" "));
    expect(records).toHaveLength(100);
    for (const [partition, key, value] of records) {
      expect(Number(partition)).toBe(partitionOf(key!, 3));
      expect(value).toBe(`v${key!.slice(1)}`);
    }
  });

  it("tails one partition and prints key=value", async () => {
    const lastOfPartition0 = Array.from({ length: 100 }, (_, i) => `k${i}`)
      .filter((key) => partitionOf(key, 3) === 0)
      .at(-1)!;
    const run = await freshet(["consume", "events", "-p", "0", "--tail", "1", "-d", "--key-value"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${lastOfPartition0}=v${lastOfPartition0.slice(1)}\n`);
  });

  it("produces a file compressed to one partition with acks=1", async () => {
    const file = join(home, "lines.txt");
    await writeFile(file, "alpha\nbeta\ngamma\n");
    const produced = await freshet(["produce", "events", "--file", file, "--compression", "gzip", "--acks", "1", "--partition", "2"]);
    expect(produced.code).toBe(0);
    const run = await freshet(["consume", "events", "-p", "2", "--tail", "3", "-d"]);
    expect(run.stdout).toBe("alpha\nbeta\ngamma\n");
    const missing = await freshet(["produce", "events", "--file", join(home, "nope.txt")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`freshet: cannot read ${join(home, "nope.txt")}: no such file\n`);
  });

  it("is readable by kcat, a librdkafka client", async () => {
    const kcat = await new Promise<Run>((resolve, reject) => {
      const child = spawn("kcat", ["-b", bootstrap, "-C", "-t", "events", "-e", "-q", "-f", "%s\n"], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.once("error", reject);
      child.once("close", (code) => resolve({ code, stdout, stderr }));
    });
    expect(kcat.code).toBe(0);
    expect(lines(kcat.stdout)).toHaveLength(103);
  });

  it("consumes as a group: committed offsets make the second run empty", async () => {
    const first = await freshet(["consume", "events", "-B", "-d", "--group", "e2e"]);
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toHaveLength(103);
    const second = await freshet(["consume", "events", "-B", "-d", "--group", "e2e"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe("");
  });

  it("rejects bad options with exit code 2 and no broker round trip", async () => {
    const run = await freshet(["consume", "events", "-B", "--tail", "3"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("freshet: invalid --from-beginning: choose one of --from-beginning, --offset and --tail\n");
  });

  it("deletes a topic", async () => {
    expect((await freshet(["topic", "delete", "events"])).code).toBe(0);
    expect((await freshet(["topic", "list"])).stdout).toBe("No topics\n");
    const consume = await freshet(["consume", "events", "-d"]);
    expect(consume.code).toBe(1);
    expect(consume.stderr).toBe('freshet: topic "events" does not exist — create it with `freshet topic create events`\n');
  });

  it("stops the cluster, and then says clearly that nothing runs", async () => {
    const pid = (await runtime())!.pid;
    const stop = await freshet(["cluster", "stop"]);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toBe(`Freshet cluster stopped (pid ${pid})\n`);
    expect(pidRunning(pid)).toBe(false);
    expect(await runtime()).toBeNull();
    const again = await freshet(["cluster", "stop"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`freshet: no Freshet cluster is running (data dir ${join(home, "local")})\n`);
    const list = await freshet(["topic", "list"]);
    expect(list.code).toBe(1);
    expect(list.stderr).toBe(`freshet: cannot reach broker at ${bootstrap}: connection refused — start one with \`freshet cluster start --local\`\n`);
  });
});
