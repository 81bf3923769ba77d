import { open, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TestCluster } from "../support/cluster.js";
import { eventually } from "../support/spu-process.js";
import { batchFingerprint, partitionDir, storedBatches } from "./partition-files.js";
import { reportLogsOnFailure } from "./reporting.js";

const FOLLOWER_WAITS = "leader refused to replicate damaged log data";

/**
 * A leader whose closed segment was damaged on disk while it runs: a follower rebuilding
 * its copy from it must stop before the damaged batch (never store it, never skip it),
 * say so once, and the leader must report the damage once however often it is asked.
 */
describe("a follower replicating from a leader with a damaged batch", () => {
  let cluster: TestCluster | undefined;

  beforeEach(async () => {
    cluster = await TestCluster.start({ spus: 3 });
  }, 60_000);

  afterEach(async () => {
    await cluster?.cleanup();
    cluster = undefined;
  });

  it("copies the batches before the damage and waits there instead of replicating it", { timeout: 90_000 }, async ({ onTestFailed }) => {
    reportLogsOnFailure(onTestFailed, () => cluster);
    const spus = cluster!;
    const topic = "leader-damage";
    await spus.admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 3, configEntries: [{ name: "segment.bytes", value: "8192" }] }],
      waitForLeaders: true,
    });
    const producer = spus.kafka("leader-damage").producer();
    await producer.connect();
    for (let index = 0; index < 120; index++) await producer.send({ topic, acks: -1, messages: [{ value: `record-${index}-${"x".repeat(100)}` }] });
    await producer.disconnect();

    const { leader, replicas } = await spus.waitForPartition(topic, 0, "all 3 replicas in sync", (p) => p.leader >= 0 && p.isr.length === 3);
    const follower = replicas.find((id) => id !== leader)!;
    await spus.kill(follower, "SIGKILL");
    await rm(partitionDir(spus.dataDirOf(follower), topic, 0), { recursive: true, force: true });

    const leaderDir = partitionDir(spus.dataDirOf(leader), topic, 0);
    const firstSegment = join(leaderDir, (await readdir(leaderDir)).filter((name) => name.endsWith(".log")).sort()[0]!);
    const victim = (await storedBatches(firstSegment))[2]!;
    const handle = await open(firstSegment, "r+");
    await handle.write(Buffer.from([0x21, 0x21]), 0, 2, victim.position + victim.size - 20);
    await handle.close();

    await spus.restart(follower);
    await eventually(`SPU ${follower} to report the leader's damage`, async () => ((await spus.logOf(follower)).includes(FOLLOWER_WAITS) ? true : undefined), 30_000);

    const copied = await batchFingerprint(partitionDir(spus.dataDirOf(follower), topic, 0));
    const original = await batchFingerprint(leaderDir);
    expect(copied).toEqual(original.slice(0, 2));
    const followerLog = await spus.logOf(follower);
    expect(followerLog.split("\n").filter((line) => line.includes(FOLLOWER_WAITS))).toHaveLength(1);
    expect(followerLog).not.toContain("replicated append refused");
    expect((await spus.logOf(leader)).split("\n").filter((line) => line.includes("damaged log range"))).toHaveLength(1);
  });
});
