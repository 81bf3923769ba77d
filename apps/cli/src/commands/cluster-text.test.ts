import { describe, expect, it } from "vitest";
import type { ClusterDescription } from "@freshet/client/admin/cluster-description";
import type { ReplicaState } from "@freshet/client/admin/replicas";
import type { TopicInfo } from "@freshet/client/cluster/metadata-cache";
import type { LocalClusterStatus } from "../local-cluster/inspect-cluster.js";
import { clusterStatusText, spuListText, stoppedText } from "./cluster-text.js";
import { partitionListText, partitionRows } from "./partition-rows.js";

const description: ClusterDescription = {
  clusterId: "c",
  stateEpoch: 9,
  spus: [
    { id: 0, host: "127.0.0.1", port: 9092, live: true, lastHeartbeatAgeMs: 10 },
    { id: 1, host: "127.0.0.1", port: 9093, live: false, lastHeartbeatAgeMs: 5_000 },
    { id: 2, host: "127.0.0.1", port: 9094, live: true, lastHeartbeatAgeMs: 12 },
  ],
  partitions: [
    { topic: "a", partition: 0, replicas: [0, 1, 2], leader: 0, leaderEpoch: 1, isr: [0, 2] },
    { topic: "a", partition: 1, replicas: [1, 2, 0], leader: 2, leaderEpoch: 1, isr: [2, 0] },
    { topic: "b", partition: 0, replicas: [1], leader: -1, leaderEpoch: 0, isr: [] },
  ],
};

function lines(text: string): string[] {
  return text.trimEnd().split("\n");
}

describe("spu list", () => {
  it("counts partitions led and followed per SPU", () => {
    expect(lines(spuListText(description))).toEqual([
      "ID  ADDRESS         LIVE  LEADER  FOLLOWER",
      "0   127.0.0.1:9092  yes   1       1",
      "1   127.0.0.1:9093  no    0       3",
      "2   127.0.0.1:9094  yes   1       1",
    ]);
    expect(spuListText({ ...description, spus: [] })).toBe("No SPUs\n");
  });
});

describe("cluster status", () => {
  const runtime = (pid: number, port: number) => ({ pid, host: "127.0.0.1", port, nodeId: 0, startedAt: new Date(0).toISOString() });
  const spus = [
    { id: 0, address: "127.0.0.1:9092", runtime: runtime(11, 9092) },
    { id: 1, address: "127.0.0.1:9093", runtime: null },
    { id: 2, address: "127.0.0.1:9094", runtime: runtime(13, 9094) },
  ];

  it("shows the SC, each SPU's process and liveness, and what it leads", () => {
    const status: LocalClusterStatus = { sc: runtime(10, 9003), scAddress: "127.0.0.1:9003", spus, controller: { ok: true, description } };
    expect(lines(clusterStatusText(status, "/d", 62_000))).toEqual([
      "Freshet cluster: SC running, 2 of 3 SPUs running",
      "sc:        127.0.0.1:9003 (pid 10, up 1m 2s)",
      "data dir:  /d",
      "topics:    2 (3 partitions, 1 offline)",
      "",
      "SPU  ADDRESS         PID  PROCESS  LIVE  LEADS  FOLLOWS",
      "0    127.0.0.1:9092  11   running  yes   1      1",
      "1    127.0.0.1:9093  -    stopped  no    0      3",
      "2    127.0.0.1:9094  13   running  yes   1      1",
    ]);
  });

  it("marks liveness unknown when the controller cannot answer", () => {
    const status: LocalClusterStatus = { sc: null, scAddress: "127.0.0.1:9003", spus, controller: { ok: false, reason: "the SC is not running" } };
    const text = lines(clusterStatusText(status, "/d", 0));
    expect(text.slice(0, 4)).toEqual(["Freshet cluster: SC stopped, 2 of 3 SPUs running", "sc:        127.0.0.1:9003 (stopped)", "data dir:  /d", "topics:    unknown (the SC is not running)"]);
    expect(text[6]).toBe("0    127.0.0.1:9092  11   running  ?     ?      ?");
  });

  it("lists stopped processes, killed ones marked", () => {
    expect(
      stoppedText([
        { label: "SPU 0", pid: 5, forced: false },
        { label: "the SC", pid: 6, forced: true },
      ]),
    ).toBe("SPU 0 stopped (pid 5)\nSC stopped (pid 6, killed)\n");
  });
});

describe("partition list", () => {
  const topics: TopicInfo[] = [
    {
      name: "orders",
      errorCode: 0,
      isInternal: false,
      partitions: [
        { partition: 0, leader: 2, replicas: [2, 0, 1], isr: [2, 0, 1], errorCode: 0 },
        { partition: 1, leader: 0, replicas: [0, 1, 2], isr: [0, 2], errorCode: 0 },
        { partition: 2, leader: -1, replicas: [1], isr: [], errorCode: 5 },
      ],
    },
    { name: "audit", errorCode: 0, isInternal: false, partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1], errorCode: 0 }] },
  ];
  const replica = (topic: string, partition: number, role: ReplicaState["role"], logEndOffset: number, highWatermark: number): ReplicaState => ({
    topic,
    partition,
    role,
    leaderEpoch: 3,
    logStartOffset: 0,
    logEndOffset,
    highWatermark,
    isr: [],
    sizeBytes: null,
  });

  it("takes placement from metadata and offsets from each partition's leader", () => {
    const reports = new Map<number, ReplicaState[] | null>([
      [2, [replica("orders", 0, "leader", 130, 100), replica("orders", 1, "follower", 50, 50)]],
      [0, [replica("orders", 1, "leader", 57, 57)]],
      // Broker 1 did not answer: its rows have no offsets.
      [1, null],
    ]);
    expect(lines(partitionListText(partitionRows(topics, reports)))).toEqual([
      "TOPIC   PARTITION  LEADER  REPLICAS  ISR    HIGH-WATERMARK  LAG",
      "audit   0          1       1         1      -               -",
      "orders  0          2       2,0,1     2,0,1  100             30",
      "orders  1          0       0,1,2     0,2    57              0",
      "orders  2          none    1                -               -",
    ]);
  });

  it("gives no offsets when the named leader no longer leads", () => {
    const rows = partitionRows([topics[1]!], new Map([[1, [replica("audit", 0, "follower", 9, 9)]]]));
    expect(rows).toEqual([{ topic: "audit", partition: 0, leader: 1, replicas: [1], isr: [1], highWatermark: null, lag: null }]);
    expect(partitionListText([])).toBe("No partitions\n");
  });
});
