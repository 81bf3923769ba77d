import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TestCluster } from "../support/cluster.js";
import { eventually } from "../support/spu-process.js";
import { checkHistory, describeCheck } from "./checker.js";
import { activeSegment, batchFingerprint, corruptTail, partitionDir, type Corruption } from "./partition-files.js";
import { readAllWithKcat } from "./readers.js";
import { reportLogsOnFailure } from "./reporting.js";
import { createReplicatedTopic, startSequentialProducer } from "./workload.js";

const CLEAN = { lost: 0, duplicated: 0, reordered: 0, offsetMismatches: 0, unknown: 0 };
const CORRUPTIONS: Corruption[] = ["truncate mid-batch", "flip bytes in the last batch"];
/** What the log's recovery logs when it cuts a damaged tail (engine/log/recovery/load-segments.ts). */
const RECOVERY_MESSAGE = "truncated torn or corrupt log tail";

/**
 * reliability.md §7 B3/C1 on one replica: a stopped follower's log tail is
 * torn or bit-flipped. On restart it must cut the damaged tail (not serve it,
 * not crash), catch up from the leader, rejoin the ISR holding the same
 * batches as the other replicas, and — once it is the only replica left and
 * leads — serve exactly the acknowledged history.
 */
export function followerCorruptionScenario(): void {
  describe("follower with a corrupted log tail", () => {
    let cluster: TestCluster | undefined;

    beforeEach(async () => {
      cluster = await TestCluster.start({ spus: 3 });
    }, 60_000);

    afterEach(async () => {
      await cluster?.cleanup();
      cluster = undefined;
    });

    it.for(CORRUPTIONS)("recovers from '%s', catches up, rejoins the ISR and serves the acknowledged data as leader", { timeout: 90_000 }, async (corruption, { onTestFailed }) => {
      reportLogsOnFailure(onTestFailed, () => cluster);
      const spus = cluster!;
      const topic = "corrupt-follower";
      await createReplicatedTopic(spus.admin, topic, 1);
      const producer = await startSequentialProducer(spus.kafka("corrupt-follower"), topic, 1);
      let follower = -1;
      let damagedFrom: number | undefined;
      try {
        await producer.progress(100, "before the follower stops");
        const { leader, replicas } = await spus.waitForPartition(topic, 0, "all 3 replicas in sync", (p) => p.leader >= 0 && p.isr.length === 3);
        follower = replicas.find((id) => id !== leader)!;
        await spus.kill(follower, "SIGKILL");
        await spus.waitForPartition(topic, 0, `SPU ${follower} out of the ISR`, (p) => !p.isr.includes(follower));
        damagedFrom = await corruptTail(await activeSegment(partitionDir(spus.dataDirOf(follower), topic, 0)), corruption);
        await producer.progress(50, "while the follower is down");
        await spus.restart(follower);
        await spus.waitForPartition(topic, 0, `SPU ${follower} back in the ISR`, (p) => p.isr.includes(follower));
        await producer.progress(50, "with the follower back");
      } finally {
        await producer.stop();
      }
      expect(await spus.logOf(follower), `SPU ${follower} did not report cutting its damaged tail`).toContain(RECOVERY_MESSAGE);

      // Followers append the leader's batches as they are: every replica must hold the same ones.
      const dirs = spus.spuIds.map((id) => partitionDir(spus.dataDirOf(id), topic, 0));
      const replicated = await eventually("all 3 replicas to hold the same batches", async () => {
        const prints = await Promise.all(dirs.map((dir) => batchFingerprint(dir)));
        return prints.every((print) => print.join() === prints[0]!.join()) ? prints[0]! : undefined;
      });
      expect(replicated.length).toBeGreaterThanOrEqual(producer.acked.length);

      // Leave the repaired follower as the only replica: it must take over and serve everything.
      const { leader } = await spus.partition(topic, 0);
      const others = spus.spuIds.filter((id) => id !== follower).sort((a, b) => (a === leader ? -1 : b === leader ? 1 : 0));
      for (const other of others) {
        await spus.kill(other, "SIGKILL");
        await spus.waitForDeath(other);
      }
      await spus.waitForPartition(topic, 0, `the repaired SPU ${follower} to lead`, (p) => p.leader === follower);
      const read = await readAllWithKcat([spus.addressOf(follower)], topic);
      const result = checkHistory({ acked: producer.acked, unacknowledged: producer.unacknowledged, read });
      console.log(
        `follower-corruption (${corruption}): SPU ${follower} damaged from offset ${damagedFrom}, ${producer.acked.length} acknowledged, ` +
          `${replicated.length} batches identical on 3 replicas; read from it as sole leader: ${describeCheck(result)}`,
      );
      expect(producer.failures).toEqual([]);
      expect(result.counts, describeCheck(result)).toEqual(CLEAN);
    });
  });
}
