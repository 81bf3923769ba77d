import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { clusterForSuite, type TestCluster } from "../support/cluster.js";
import { checkHistory, describeCheck } from "./checker.js";
import { followWithKcat, readAllWithKafkajs, readAllWithKcat } from "./readers.js";
import { reportLogsOnFailure } from "./reporting.js";
import { createReplicatedTopic, startSequentialProducer } from "./workload.js";

const CONTROLLER_KILLS = 2;
const SPU_TIMEOUT_MS = 2000;
/**
 * How long the controller stays down: past twice the SPU timeout, so the
 * restarted controller sees SPUs it has not heard from for longer than the
 * timeout and must still not declare them dead.
 */
const OUTAGE_MS = 2 * SPU_TIMEOUT_MS + 500;
const CLEAN = { lost: 0, duplicated: 0, reordered: 0, offsetMismatches: 0, unknown: 0 };

/**
 * The controller is SIGKILLed mid-run, twice: SPUs must keep acknowledging
 * acks=all produce and serving fetch while it is gone (nothing of a steady
 * cluster needs it), and after it is back a leader kill must still be handled,
 * which needs it. The same checker then holds the whole history.
 */
export function controllerKillScenario(): void {
  describe("controller SIGKILL under idempotent acks=all produce", () => {
    let cluster!: TestCluster;
    clusterForSuite({ spus: 3, spuTimeoutMs: SPU_TIMEOUT_MS }, (started) => (cluster = started));

    it(`keeps producing and fetching through ${CONTROLLER_KILLS} controller kills, then elects again`, async ({ onTestFailed }) => {
      reportLogsOnFailure(onTestFailed, () => cluster);
      const topic = "controller-kill";
      await createReplicatedTopic(cluster.admin, topic, 2);
      const producer = await startSequentialProducer(cluster.kafka("controller-kill"), topic, 2);
      const tail = followWithKcat(cluster.brokers, topic);
      const outages: number[] = [];
      try {
        await producer.progress(50, "before the controller is killed");
        for (let kill = 1; kill <= CONTROLLER_KILLS; kill++) {
          await cluster.killController("SIGKILL");
          const killedAt = performance.now();
          await producer.progress(100, `while the controller is down (kill ${kill})`);
          await tail.readAll(
            producer.acked.map((r) => r.value),
            `kcat to fetch everything acknowledged while the controller is down (kill ${kill})`,
          );
          // The outage's length is the fault being injected, not a wait for some condition.
          await delay(Math.max(0, OUTAGE_MS - (performance.now() - killedAt)));
          await producer.progress(20, `still without a controller (kill ${kill})`);
          outages.push(performance.now() - killedAt);
          await cluster.restartController();
          await producer.progress(50, `after the controller restart (kill ${kill})`);
        }
        const { leader } = await cluster.waitForPartition(topic, 0, "a leader and all 3 replicas in sync", (p) => p.leader >= 0 && p.isr.length === 3);
        await cluster.kill(leader, "SIGKILL");
        await cluster.waitForPartition(topic, 0, `the restarted controller to elect a leader other than SPU ${leader}`, (p) => p.leader >= 0 && p.leader !== leader);
        await producer.progress(50, "after the election");
        await cluster.restart(leader);
      } finally {
        await producer.stop();
      }
      await tail.readAll(
        producer.acked.map((r) => r.value),
        "kcat to fetch everything acknowledged",
      );
      await tail.stop();

      const history = { acked: producer.acked, unacknowledged: producer.unacknowledged };
      const viaTail = checkHistory({ ...history, read: tail.records });
      const viaKafkajs = checkHistory({ ...history, read: await readAllWithKafkajs(cluster.kafka("controller-kill-check"), cluster.admin, topic) });
      const viaKcat = checkHistory({ ...history, read: await readAllWithKcat(cluster.brokers, topic) });
      console.log(
        `controller-kill: ${CONTROLLER_KILLS} controller kills (down ${outages.map((ms) => `${Math.round(ms)} ms`).join(", ")}) + 1 leader kill, ${producer.acked.length} acknowledged, ${producer.failures.length} failed sends\n` +
          `  kcat tail (never restarted): ${describeCheck(viaTail)}\n  kafkajs read: ${describeCheck(viaKafkajs)}\n  kcat read: ${describeCheck(viaKcat)}`,
      );
      expect(producer.failures).toEqual([]);
      expect(viaTail.counts, describeCheck(viaTail)).toEqual(CLEAN);
      expect(viaKafkajs.counts, describeCheck(viaKafkajs)).toEqual(CLEAN);
      expect(viaKcat.counts, describeCheck(viaKcat)).toEqual(CLEAN);
    }, 120_000);
  });
}
