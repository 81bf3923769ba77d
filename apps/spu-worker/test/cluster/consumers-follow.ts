import { describe, expect, it } from "vitest";
import { clusterForSuite, type TestCluster } from "../support/cluster.js";
import { checkHistory, describeCheck } from "./checker.js";
import { followWithKafkajs, followWithKcat } from "./readers.js";
import { reportLogsOnFailure } from "./reporting.js";
import { createReplicatedTopic, startSequentialProducer } from "./workload.js";

const LEADER_KILLS = 2;

/**
 * A kafkajs consumer group and a kcat consumer are started once and never
 * restarted while the partition leader is SIGKILLed: both must go on
 * receiving what is acknowledged after each fail-over. kcat (no group, its
 * own fetch position) must see the exact log; the group may see a record
 * again after a rebalance (at-least-once), but must lose or reorder nothing.
 */
export function consumersFollowScenario(): void {
  describe("consumers across leader kills", () => {
    let cluster!: TestCluster;
    clusterForSuite({ spus: 3 }, (started) => (cluster = started));

    it(`a kafkajs group and kcat keep receiving across ${LEADER_KILLS} leader kills without a restart`, async ({ onTestFailed }) => {
      reportLogsOnFailure(onTestFailed, () => cluster);
      const topic = "consumers-follow";
      await createReplicatedTopic(cluster.admin, topic, 1);
      const producer = await startSequentialProducer(cluster.kafka("consumers-follow"), topic, 1);
      const viaKcat = followWithKcat(cluster.brokers, topic);
      const viaGroup = await followWithKafkajs(cluster.kafka("consumers-follow-group"), topic, "followers");
      const ackedValues = (): string[] => producer.acked.map((r) => r.value);
      try {
        await producer.progress(30, "before the first kill");
        await Promise.all([viaKcat.readAll(ackedValues(), "kcat to start reading"), viaGroup.readAll(ackedValues(), "the group to start reading")]);
        for (let kill = 1; kill <= LEADER_KILLS; kill++) {
          const { leader } = await cluster.waitForPartition(topic, 0, "a leader and all 3 replicas in sync", (p) => p.leader >= 0 && p.isr.length === 3);
          await cluster.kill(leader, "SIGKILL");
          await cluster.waitForPartition(topic, 0, `a new leader after SPU ${leader}`, (p) => p.leader >= 0 && p.leader !== leader);
          const ackedBefore = producer.acked.length;
          await producer.progress(30, `on the new leader (kill ${kill})`);
          const sinceFailover = ackedValues().slice(ackedBefore);
          await Promise.all([
            viaKcat.readAll(sinceFailover, `kcat to receive records acknowledged after kill ${kill}`),
            viaGroup.readAll(sinceFailover, `the group to receive records acknowledged after kill ${kill}`),
          ]);
          await cluster.restart(leader);
        }
      } finally {
        await producer.stop();
      }
      await Promise.all([viaKcat.readAll(ackedValues(), "kcat to receive everything"), viaGroup.readAll(ackedValues(), "the group to receive everything")]);
      await Promise.all([viaKcat.stop(), viaGroup.stop()]);

      const history = { acked: producer.acked, unacknowledged: producer.unacknowledged };
      const kcatResult = checkHistory({ ...history, read: viaKcat.records });
      const groupResult = checkHistory({ ...history, read: viaGroup.records });
      console.log(
        `consumers-follow: ${LEADER_KILLS} leader kills, ${producer.acked.length} acknowledged\n` +
          `  kcat: ${describeCheck(kcatResult)}\n  kafkajs group: ${describeCheck(groupResult)} (redelivery after a rebalance is allowed)`,
      );
      expect(producer.failures).toEqual([]);
      expect(kcatResult.counts, describeCheck(kcatResult)).toEqual({ lost: 0, duplicated: 0, reordered: 0, offsetMismatches: 0, unknown: 0 });
      expect(groupResult.counts, describeCheck(groupResult)).toMatchObject({ lost: 0, reordered: 0, offsetMismatches: 0, unknown: 0 });
    }, 120_000);
  });
}
