import { describe, expect, it } from "vitest";
import { clusterForSuite, type TestCluster } from "../support/cluster.js";
import { ErrorCode, idempotentBatch, issueProducerId, rawProduce } from "../support/raw-produce.js";
import { openRaw } from "../support/raw-socket.js";

/*
 * Producer ids come in blocks from the controller to whichever SPU a client asks,
 * while the batches land on the partition leader: the leader must accept ids
 * another SPU issued (even before it heard of that SPU's block), refuse ids nobody
 * issued, and keep accepting a producer after it changes leaders.
 */
describe("producer ids in a cluster", () => {
  let cluster!: TestCluster;
  clusterForSuite({ spus: 2 }, (started) => (cluster = started));

  const portOf = (spuId: number) => Number(cluster.addressOf(spuId).split(":")[1]);

  it("accepts ids another SPU issued, refuses forged ones, and the new leader accepts the same producers", async () => {
    const topic = "issued-ids";
    await cluster.admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 2 }] });
    const { leader } = await cluster.waitForPartition(topic, 0, "a leader and both replicas in sync", (p) => p.leader >= 0 && p.isr.length === 2);
    const other = cluster.spuIds.find((id) => id !== leader)!;

    const issuer = await openRaw(portOf(other));
    const ids = [await issueProducerId(issuer), await issueProducerId(issuer), await issueProducerId(issuer)];
    issuer.end();
    const toLeader = await openRaw(portOf(leader));
    for (const [index, producerId] of ids.entries()) {
      expect(await rawProduce(toLeader, topic, [{ index: 0, records: await idempotentBatch(`p${index}-0`, { producerId, producerEpoch: 0, baseSequence: 0 }) }], -1)).toEqual([0]);
    }
    const forgedId = Math.max(...ids) + 1_000_000;
    expect(await rawProduce(toLeader, topic, [{ index: 0, records: await idempotentBatch("forged", { producerId: forgedId, producerEpoch: 0, baseSequence: 0 }) }])).toEqual([
      ErrorCode.UNKNOWN_PRODUCER_ID,
    ]);
    expect(await rawProduce(toLeader, topic, [{ index: 0, records: await idempotentBatch("fence", { producerId: ids[0]!, producerEpoch: 1, baseSequence: 0 }) }])).toEqual([
      ErrorCode.INVALID_PRODUCER_EPOCH,
    ]);
    toLeader.end();

    await cluster.kill(leader, "SIGKILL");
    await cluster.waitForPartition(topic, 0, `a new leader after SPU ${leader}`, (p) => p.leader === other);
    const toNewLeader = await openRaw(portOf(other));
    expect(await rawProduce(toNewLeader, topic, [{ index: 0, records: await idempotentBatch("p0-1", { producerId: ids[0]!, producerEpoch: 0, baseSequence: 1 }) }])).toEqual([0]);
    expect(await rawProduce(toNewLeader, topic, [{ index: 0, records: await idempotentBatch("fence-again", { producerId: ids[1]!, producerEpoch: 1, baseSequence: 0 }) }])).toEqual([
      ErrorCode.INVALID_PRODUCER_EPOCH,
    ]);
    toNewLeader.end();
    await cluster.restart(leader);
  }, 120_000);
});
