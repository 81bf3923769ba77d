/*
 * Static group membership (KIP-345) with a real client: librdkafka (kcat) with
 * group.instance.id does not leave its group on close, and a restart within the
 * session timeout must get its partitions back without rebalancing the others.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kcat } from "./support/kcat.js";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let spu: SpuProcess;
const running: ChildProcess[] = [];

beforeAll(async () => {
  spu = await startSpu({ args: ["--num-partitions", "2"] });
});

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

interface Member {
  readonly child: ChildProcess;
  stderr(): string;
}

/** A kcat group member; kcat prints "Group ... rebalanced ... assigned: ..." on stderr at every assignment. */
function member(topic: string, extra: string[] = []): Member {
  const args = ["-b", spu.bootstrap, "-G", "statics", topic, "-X", "session.timeout.ms=10000", "-X", "auto.offset.reset=earliest", ...extra];
  const child = spawn("kcat", args, { stdio: ["ignore", "ignore", "pipe"] });
  running.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

const assignments = (m: Member) => m.stderr().match(/rebalanced.*assigned: .*/g) ?? [];
const revocations = (m: Member) => m.stderr().match(/rebalanced.*revoked/g) ?? [];

describe("static membership with librdkafka", () => {
  it("gives a restarted static member its partition back without a rebalance of the others", async () => {
    const topic = "statics";
    await kcat(["-b", spu.bootstrap, "-P", "-t", topic, "-p", "0"], "a\n");
    await kcat(["-b", spu.bootstrap, "-P", "-t", topic, "-p", "1"], "b\n");
    const dynamic = member(topic);
    let fixed = member(topic, ["-X", "group.instance.id=instance-1"]);
    await eventually("both members to hold one partition each", () => (assignments(dynamic).length > 0 && assignments(fixed).length > 0 ? true : undefined), 30_000);
    await eventually("a settled assignment", () => (/assigned: statics \[\d\]$/m.test(assignments(dynamic).at(-1) ?? "") ? true : undefined), 30_000);
    const settled = assignments(dynamic).length;

    // A clean close: librdkafka sends no LeaveGroup for a static member.
    fixed.child.kill("SIGTERM");
    await new Promise((resolve) => fixed.child.once("exit", resolve));
    fixed = member(topic, ["-X", "group.instance.id=instance-1"]);
    await eventually("the restarted static member's assignment", () => (assignments(fixed).length > 0 ? true : undefined), 30_000);
    expect(assignments(fixed).at(-1)).toMatch(/assigned: statics \[\d\]$/);
    expect(assignments(dynamic)).toHaveLength(settled);
    expect(revocations(dynamic)).toHaveLength(settled - 1);
    await eventually("the broker to log the rejoin", () => (spu.output().includes("static member rejoined without a rebalance") ? true : undefined));
  });
});
