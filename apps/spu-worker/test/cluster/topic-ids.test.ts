import { createTopics } from "@freshet/protocol/messages/create-topics";
import { deleteTopics } from "@freshet/protocol/messages/delete-topics";
import { fetch } from "@freshet/protocol/messages/fetch";
import { metadata } from "@freshet/protocol/messages/metadata";
import { produce } from "@freshet/protocol/messages/produce";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { describe, expect, it } from "vitest";
import { clusterForSuite, type TestCluster } from "../support/cluster.js";
import { fetchById, rawRequest } from "../support/raw-request.js";
import { openRaw, type RawConnection } from "../support/raw-socket.js";
import { eventually } from "../support/spu-process.js";

const NOT_LEADER_OR_FOLLOWER = 6;
const UNKNOWN_TOPIC_ID = 100;

/*
 * In a cluster the controller gives a topic its id: every SPU must answer Metadata,
 * Fetch and DeleteTopics with the id CreateTopics v7 returned, whichever SPU created it.
 */
describe("topic ids in a cluster", () => {
  let cluster!: TestCluster;
  clusterForSuite({ spus: 2 }, (started) => (cluster = started));

  const connect = (spuId: number) => openRaw(Number(cluster.addressOf(spuId).split(":")[1]));
  const idOn = async (conn: RawConnection, name: string) =>
    (
      await rawRequest(conn, metadata, 12, {
        topics: [{ topicId: ZERO_UUID, name }],
        allowAutoTopicCreation: false,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      })
    ).topics[0]!.topicId;
  const fetchById17 = (conn: RawConnection, topicId: string) => rawRequest(conn, fetch, 17, fetchById(topicId, [0]));

  it("agree on the controller's id from CreateTopics v7 to DeleteTopics v6", async () => {
    const [first, second] = cluster.spuIds as [number, number];
    const connections = new Map([
      [first, await connect(first)],
      [second, await connect(second)],
    ]);
    const created = await rawRequest(connections.get(first)!, createTopics, 7, {
      topics: [{ name: "cluster-ids", numPartitions: 1, replicationFactor: 2, assignments: [], configs: [] }],
      timeoutMs: 10_000,
      validateOnly: false,
    });
    const topicId = created.topics[0]!.topicId;
    expect(created.topics[0]!.errorCode).toBe(0);
    expect(topicId).not.toBe(ZERO_UUID);
    const { leader } = await cluster.waitForPartition("cluster-ids", 0, "a leader and both replicas in sync", (p) => p.leader >= 0 && p.isr.length === 2);
    const follower = leader === first ? second : first;
    for (const conn of connections.values()) expect(await eventually("the topic on every SPU", async () => ((await idOn(conn, "cluster-ids")) === topicId ? true : undefined))).toBe(true);

    const records = await buildRecordBatch({ records: [{ value: Buffer.from("x") }] });
    const produced = await rawRequest(connections.get(leader)!, produce, 9, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 10_000,
      topicData: [{ name: "cluster-ids", partitionData: [{ index: 0, records }] }],
    });
    expect(produced.responses[0]!.partitionResponses[0]!.errorCode).toBe(0);
    const fromLeader = await fetchById17(connections.get(leader)!, topicId);
    expect(fromLeader.responses[0]).toMatchObject({ topicId, partitions: [expect.objectContaining({ errorCode: 0, highWatermark: 1n })] });
    // The follower knows the id and holds a replica: it sends clients to the leader, as for a name.
    expect((await fetchById17(connections.get(follower)!, topicId)).responses[0]!.partitions[0]!.errorCode).toBe(NOT_LEADER_OR_FOLLOWER);

    const deleted = await rawRequest(connections.get(follower)!, deleteTopics, 6, { topics: [{ name: null, topicId }], topicNames: [], timeoutMs: 10_000 });
    expect(deleted.responses.map((r) => [r.name, r.topicId, r.errorCode])).toEqual([["cluster-ids", topicId, 0]]);
    for (const conn of connections.values()) {
      const gone = await eventually("the deletion on every SPU", async () => {
        const answer = await fetchById17(conn, topicId);
        return answer.responses[0]!.partitions[0]!.errorCode === UNKNOWN_TOPIC_ID ? true : undefined;
      });
      expect(gone).toBe(true);
      conn.end();
    }
  });
});
