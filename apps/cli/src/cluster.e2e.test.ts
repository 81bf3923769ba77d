import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_MAIN, runCli, withoutProgress, type Run } from "./test-support/run-cli.js";
import { murmur2, toPositive } from "@freshet/client/producer/murmur2";
import { pidRunning } from "@freshet/spu-worker/launch";

/*
 * The built `freshet` binary running a replicated local cluster: an SC and three
 * SPUs as separate processes (node apps/spu-worker/dist/main.js --role sc|spu), in
 * a throw-away FRESHET_HOME. The steps share the cluster and run in order: start,
 * a topic with three replicas, produce and consume, an SPU leading a partition
 * stopped (a new leader takes over, nothing is lost), started again (back in the
 * ISR, caught up), and the whole cluster stopped.
 */
const SPUS = [0, 1, 2];
const PARTITIONS = 3;

interface Runtime {
  readonly pid: number;
  readonly host: string;
  readonly port: number;
}

interface PartitionLine {
  readonly partition: number;
  readonly leader: number;
  readonly replicas: number[];
  readonly isr: number[];
  readonly highWatermark: number | null;
  readonly lag: number | null;
}

let home: string;

function freshet(args: readonly string[], input?: string): Promise<Run> {
  return runCli(home, args, input);
}

const dataDir = (): string => join(home, "local");
const spuDataDir = (id: number): string => join(dataDir(), `spu-${id}`);
const scDataDir = (): string => join(dataDir(), "sc");

async function runtime(dir: string): Promise<Runtime | null> {
  try {
    return JSON.parse(await readFile(join(dir, "spu.json"), "utf8")) as Runtime;
  } catch {
    return null;
  }
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.length > 0);
}

const ids = (cell: string): number[] =>
  cell === ""
    ? []
    : cell
        .split(",")
        .map(Number)
        .sort((a, b) => a - b);
const offset = (cell: string): number | null => (cell === "-" ? null : Number(cell));

/** `partition list --topic events`, parsed; every row has all seven columns while no ISR is empty. */
async function partitions(): Promise<PartitionLine[]> {
  const run = await freshet(["partition", "list", "--topic", "events"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const [header, ...rows] = lines(run.stdout);
  expect(header!.split(/\s+/)).toEqual(["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR", "HIGH-WATERMARK", "LAG"]);
  return rows.map((row) => {
    const cells = row.trim().split(/\s+/);
    expect(cells).toHaveLength(7);
    const [, partition, leader, replicas, isr, highWatermark, lag] = cells as [string, string, string, string, string, string, string];
    return { partition: Number(partition), leader: leader === "none" ? -1 : Number(leader), replicas: ids(replicas), isr: ids(isr), highWatermark: offset(highWatermark), lag: offset(lag) };
  });
}

/** Polls `check` (which returns a value once the condition holds) until a deadline: the cluster converges asynchronously. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const partitionOf = (key: string): number => toPositive(murmur2(new TextEncoder().encode(key))) % PARTITIONS;
const keyedLines = (from: number, to: number): string => Array.from({ length: to - from }, (_, i) => `k${from + i}:v${from + i}\n`).join("");

/** Records per partition for keys k0..k(n-1), as the default partitioner spreads them. */
function expectedCounts(n: number): number[] {
  const counts = Array.from({ length: PARTITIONS }, () => 0);
  for (let i = 0; i < n; i++) counts[partitionOf(`k${i}`)]! += 1;
  return counts;
}

async function consumeAll(): Promise<Map<string, string>> {
  const run = await freshet(["consume", "events", "-B", "-d", "-F", "{{partition}} {{key}} {{value}}"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const records = new Map<string, string>();
  for (const [partition, key, value] of lines(run.stdout).map((line) => line.split(" "))) {
    expect(Number(partition)).toBe(partitionOf(key!));
    expect(records.has(key!)).toBe(false);
    records.set(key!, value!);
  }
  return records;
}

beforeAll(async () => {
  await access(CLI_MAIN).catch(() => {
    throw new Error(`${CLI_MAIN} is missing: build the workspace first (npm run build)`);
  });
  home = await mkdtemp(join(tmpdir(), "freshet-cluster-e2e-"));
});

afterAll(async () => {
  // Only if a step failed half-way: never leave processes running.
  for (const dir of [...SPUS.map(spuDataDir), spuDataDir(SPUS.length), scDataDir()]) {
    const running = await runtime(dir);
    if (running !== null && pidRunning(running.pid)) process.kill(running.pid, "SIGKILL");
  }
  await rm(home, { recursive: true, force: true });
});

describe.sequential("freshet CLI with a 3-SPU local cluster", () => {
  let stoppedId = -1;

  it("starts an SC and three SPUs and saves them as the current profile", async () => {
    const run = await freshet(["cluster", "start", "--local", "--spus", "3", "--port", "0"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Freshet cluster started (SC and 3 SPUs)");
    const sc = await runtime(scDataDir());
    expect(sc).not.toBeNull();
    expect(pidRunning(sc!.pid)).toBe(true);
    const spus = await Promise.all(SPUS.map((id) => runtime(spuDataDir(id))));
    for (const spu of spus) expect(spu !== null && pidRunning(spu.pid)).toBe(true);
    const bootstrap = spus.map((spu) => `${spu!.host}:${spu!.port}`).join(",");
    expect(run.stdout).toContain(`sc:        ${sc!.host}:${sc!.port} (pid ${sc!.pid})`);
    expect(run.stdout).toContain(`bootstrap: ${bootstrap}`);
    const config = JSON.parse(await readFile(join(home, "config.json"), "utf8")) as { currentProfile: string; profiles: Record<string, Record<string, string>> };
    expect(config.currentProfile).toBe("local");
    expect(config.profiles.local).toEqual({ bootstrap, controller: `${sc!.host}:${sc!.port}`, dataDir: dataDir() });
  });

  it("lists the three SPUs as live members", async () => {
    const run = await freshet(["spu", "list"]);
    expect(run.code).toBe(0);
    const rows = lines(run.stdout)
      .slice(1)
      .map((line) => line.split(/\s+/));
    expect(rows.map(([id, , live]) => [Number(id), live])).toEqual(SPUS.map((id) => [id, "yes"]));
  });

  it("creates a topic with three replicas", async () => {
    const run = await freshet(["topic", "create", "events", "--partitions", String(PARTITIONS), "--replication", "3"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(lines((await freshet(["topic", "list"])).stdout)).toEqual(["NAME    PARTITIONS  REPLICATION", "events  3           3"]);
    const tooMany = await freshet(["topic", "create", "wide", "--replication", "4"]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain("INVALID_REPLICATION_FACTOR");
  });

  it("produces with acks=all and consumes everything back", async () => {
    const produced = await freshet(["produce", "events", "--key-separator", ":"], keyedLines(0, 300));
    expect(produced.code).toBe(0);
    expect(produced.stderr).toMatch(/^produced 300 records/);
    const records = await consumeAll();
    expect(records.size).toBe(300);
    for (const [key, value] of records) expect(value).toBe(`v${key.slice(1)}`);
  });

  it("lists every partition with three replicas, all in sync, and no lag", async () => {
    const expected = expectedCounts(300);
    const rows = await eventually("high watermarks at the produced counts", async () => {
      const current = await partitions();
      return current.every((p) => p.highWatermark === expected[p.partition] && p.lag === 0) ? current : undefined;
    });
    expect(rows.map((p) => p.partition)).toEqual([0, 1, 2]);
    for (const p of rows) {
      expect(p.replicas).toEqual(SPUS);
      expect(p.isr).toEqual(SPUS);
      expect(p.replicas).toContain(p.leader);
    }
    const status = await freshet(["cluster", "status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("Freshet cluster: SC running, 3 of 3 SPUs running");
    expect(status.stdout).toMatch(/topics:\s+1 \(3 partitions, 0 offline\)/);
  });

  it("moves leadership when the leader of partition 0 is stopped, losing nothing", async () => {
    const leader = (await partitions()).find((p) => p.partition === 0)!.leader;
    stoppedId = leader;
    const pid = (await runtime(spuDataDir(leader)))!.pid;
    const stop = await freshet(["spu", "stop", String(leader)]);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toBe(`SPU ${leader} stopped (pid ${pid})\n`);
    expect(pidRunning(pid)).toBe(false);
    expect(await runtime(spuDataDir(leader))).toBeNull();

    const rows = await eventually("a new leader for partition 0 and an ISR without the stopped SPU", async () => {
      const current = await partitions();
      return current.every((p) => p.leader >= 0 && p.leader !== leader && !p.isr.includes(leader)) ? current : undefined;
    });
    expect(rows.every((p) => p.isr.length === 2)).toBe(true);
    const list = await freshet(["spu", "list"]);
    expect(lines(list.stdout).find((line) => line.startsWith(`${leader} `))).toMatch(/\sno\s+0\s+3$/);
    expect((await consumeAll()).size).toBe(300);
    // Two in-sync replicas still take acks=all (min.insync.replicas defaults to 1).
    const more = await freshet(["produce", "events", "--key-separator", ":"], keyedLines(300, 400));
    expect(more.code).toBe(0);
  });

  it("brings the stopped SPU back into the ISR, caught up", async () => {
    const start = await freshet(["spu", "start", String(stoppedId)]);
    expect(withoutProgress(start.stderr)).toBe("");
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(new RegExp(`^SPU ${stoppedId} started \\(pid \\d+\\) at 127\\.0\\.0\\.1:\\d+\\n$`));
    const expected = expectedCounts(400);
    await eventually(
      "every replica back in the ISR with the 400 records",
      async () => {
        const current = await partitions();
        return current.every((p) => p.isr.length === 3 && p.highWatermark === expected[p.partition] && p.lag === 0) ? current : undefined;
      },
      45_000,
    );
    const records = await consumeAll();
    expect(records.size).toBe(400);
    const status = await freshet(["cluster", "status"]);
    expect(status.stdout).toContain("3 of 3 SPUs running");
    expect(
      lines(status.stdout)
        .filter((line) => /^\d+\s/.test(line))
        .every((line) => /\srunning\s+yes\s/.test(line)),
    ).toBe(true);
  }, 90_000);

  it("stops the SPUs, then the SC, and says clearly that nothing runs", async () => {
    const pids = await Promise.all([...SPUS.map(spuDataDir), scDataDir()].map(async (dir) => (await runtime(dir))!.pid));
    const stop = await freshet(["cluster", "stop"]);
    expect(stop.code).toBe(0);
    expect(lines(stop.stdout)).toEqual([...SPUS.map((id, i) => `SPU ${id} stopped (pid ${pids[i]})`), `SC stopped (pid ${pids[3]})`, "Freshet cluster stopped"]);
    for (const pid of pids) expect(pidRunning(pid)).toBe(false);
    for (const dir of [...SPUS.map(spuDataDir), scDataDir()]) expect(await runtime(dir)).toBeNull();
    const again = await freshet(["cluster", "stop"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`freshet: no Freshet cluster is running (data dir ${dataDir()})\n`);
  });
});
