import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { clusterForSuite, type TestCluster } from "../support/cluster.js";
import { checkHistory, describeCheck } from "./checker.js";
import { readAllWithKafkajs, readAllWithKcat } from "./readers.js";
import { reportLogsOnFailure, summarizeMs } from "./reporting.js";
import { createReplicatedTopic, firstAckAfter, startSequentialProducer } from "./workload.js";

/** Kill cycles; 5 keeps CI within its budget, raise it locally (e.g. FRESHET_FAULT_CYCLES=50). */
const CYCLES = Number(process.env.FRESHET_FAULT_CYCLES ?? 5);
const CLEAN = { lost: 0, duplicated: 0, reordered: 0, offsetMismatches: 0, unknown: 0 };

/**
 * reliability.md §7 A1 (scaled to CI): SIGKILL the leader of partition 0
 * again and again under idempotent acks=all produce to an RF=3,
 * min.insync.replicas=2 topic; every acknowledged value must be read back
 * once, in order, at the offset its ack gave, by two different clients.
 */
export function leaderKillScenario(): void {
  describe("leader SIGKILL under idempotent acks=all produce", () => {
    let cluster!: TestCluster;
    clusterForSuite({ spus: 3 }, (started) => (cluster = started));

    it(
      `loses, duplicates and reorders nothing across ${CYCLES} leader kills`,
      async ({ onTestFailed }) => {
        reportLogsOnFailure(onTestFailed, () => cluster);
        const topic = "leader-kill";
        await createReplicatedTopic(cluster.admin, topic, 2);
        const producer = await startSequentialProducer(cluster.kafka("leader-kill"), topic, 2);
        const outages: number[] = [];
        let cycles = 0;
        try {
          await producer.progress(50, "before the first kill");
          for (; cycles < CYCLES; cycles++) {
            const { leader } = await cluster.waitForPartition(topic, 0, "a leader and all 3 replicas in sync", (p) => p.leader >= 0 && p.isr.length === 3);
            const killedAt = performance.now();
            await cluster.kill(leader, "SIGKILL");
            await cluster.waitForDeath(leader);
            await cluster.waitForPartition(topic, 0, `a new leader after SPU ${leader}`, (p) => p.leader >= 0 && p.leader !== leader);
            await producer.progress(20, `after killing SPU ${leader} (cycle ${cycles + 1})`);
            await cluster.restart(leader);
            await cluster.waitForPartition(topic, 0, `SPU ${leader} back in the ISR`, (p) => p.isr.includes(leader));
            outages.push(firstAckAfter(producer, 0, killedAt) ?? Number.NaN);
          }
          await producer.progress(20, "after the last restart");
        } finally {
          await producer.stop();
        }

        const viaKafkajs = checkHistory({ acked: producer.acked, unacknowledged: producer.unacknowledged, read: await readAllWithKafkajs(cluster.kafka("leader-kill-check"), cluster.admin, topic) });
        const viaKcat = checkHistory({ acked: producer.acked, unacknowledged: producer.unacknowledged, read: await readAllWithKcat(cluster.brokers, topic) });
        console.log(
          `leader-kill: ${cycles} kill cycles, ${producer.acked.length} acknowledged, ${producer.failures.length} failed sends; ` +
            `partition 0 unavailable per kill ${summarizeMs(outages)}\n  kafkajs read: ${describeCheck(viaKafkajs)}\n  kcat read: ${describeCheck(viaKcat)}`,
        );
        expect(cycles).toBe(CYCLES);
        expect(producer.failures).toEqual([]);
        expect(viaKafkajs.counts, describeCheck(viaKafkajs)).toEqual(CLEAN);
        expect(viaKcat.counts, describeCheck(viaKcat)).toEqual(CLEAN);
      },
      60_000 + CYCLES * 20_000,
    );
  });
}
