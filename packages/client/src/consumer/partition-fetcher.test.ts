import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetch } from "@freshet/protocol/messages/fetch";
import { listOffsets } from "@freshet/protocol/messages/list-offsets";
import { writeBatchCrc } from "@freshet/protocol/records/batch-crc";
import { Attributes, Field } from "@freshet/protocol/records/batch-header";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { Cluster } from "../cluster/cluster.js";
import { FakeCluster } from "../test-support/fake-cluster.js";
import { nodeTcpConnector } from "../transport/node-tcp.js";
import { RecordDecodeError } from "./consumed-record.js";
import { PartitionFetcher } from "./partition-fetcher.js";

let fake: FakeCluster;
let cluster: Cluster;

beforeEach(async () => {
  fake = await FakeCluster.start();
  fake.topics = [{ name: "t", partitions: 1 }];
  cluster = new Cluster({
    bootstrap: [{ host: "127.0.0.1", port: fake.broker.port }],
    connector: nodeTcpConnector,
    retry: { retries: 2, initialDelayMs: 1, maxDelayMs: 5, factor: 2 },
  });
});

afterEach(async () => {
  await cluster.close();
  await fake.stop();
});

async function batch(baseOffset: number, values: string[], options: { control?: boolean } = {}): Promise<Uint8Array> {
  const bytes = await buildRecordBatch({ baseOffset, records: values.map((value) => ({ value: new TextEncoder().encode(value), timestamp: 1 })) });
  if (options.control) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setInt16(Field.attributes, view.getInt16(Field.attributes) | Attributes.control);
    writeBatchCrc(bytes);
  }
  return bytes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function fetchAnswer(partition: { errorCode?: number; records?: Uint8Array; highWatermark: number; logStartOffset?: number }) {
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [
      {
        topic: "t",
        topicId: ZERO_UUID,
        partitions: [
          {
            partitionIndex: 0,
            errorCode: partition.errorCode ?? 0,
            highWatermark: BigInt(partition.highWatermark),
            lastStableOffset: BigInt(partition.highWatermark),
            logStartOffset: BigInt(partition.logStartOffset ?? 0),
            abortedTransactions: null,
            preferredReadReplica: -1,
            records: partition.records ?? new Uint8Array(0),
          },
        ],
      },
    ],
  };
}

const values = (records: Array<{ value: Uint8Array | null; offset: number }>) => records.map((r) => `${r.offset}:${new TextDecoder().decode(r.value!)}`);

describe("PartitionFetcher", () => {
  it("skips records below the requested offset, steps over control batches and drops a trailing partial batch", async () => {
    const whole = concat([await batch(0, ["a", "b", "c"]), await batch(3, ["marker"], { control: true }), await batch(4, ["d"])]);
    const partial = (await batch(5, ["e"])).subarray(0, 20);
    const requested: bigint[] = [];
    fake.on(fetch, (body) => {
      requested.push(body.topics[0]!.partitions[0]!.fetchOffset);
      return fetchAnswer({ records: concat([whole, partial]), highWatermark: 6 });
    });
    const fetcher = new PartitionFetcher(cluster, "t", new Map([[0, 1]]), { maxWaitMs: 10 });
    expect(values((await fetcher.next())!)).toEqual(["1:b", "2:c", "4:d"]);
    expect(fetcher.positions.get(0)).toBe(5);
    await fetcher.next();
    expect(requested).toEqual([1n, 5n]);
    fetcher.close();
  });

  it("stops at the end offsets it was given", async () => {
    const records = await batch(0, ["a", "b", "c"]);
    fake.on(fetch, () => fetchAnswer({ records, highWatermark: 3 }));
    const fetcher = new PartitionFetcher(cluster, "t", new Map([[0, 0]]), { endOffsets: new Map([[0, 2]]) });
    expect(values((await fetcher.next())!)).toEqual(["0:a", "1:b"]);
    expect(fetcher.finished).toBe(true);
    expect(await fetcher.next()).toBeNull();
  });

  it("resets to the log start after OFFSET_OUT_OF_RANGE", async () => {
    const records = await batch(7, ["x"]);
    const requested: bigint[] = [];
    fake.on(fetch, (body) => {
      const offset = body.topics[0]!.partitions[0]!.fetchOffset;
      requested.push(offset);
      return offset < 7n ? fetchAnswer({ errorCode: 1, highWatermark: 8, logStartOffset: 7 }) : fetchAnswer({ records, highWatermark: 8, logStartOffset: 7 });
    });
    fake.on(listOffsets, (body) => ({
      throttleTimeMs: 0,
      topics: [{ name: "t", partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1n, leaderEpoch: -1, offset: body.topics[0]!.partitions[0]!.timestamp === -2n ? 7n : 8n }] }],
    }));
    const fetcher = new PartitionFetcher(cluster, "t", new Map([[0, 2]]), { maxWaitMs: 10 });
    expect(await fetcher.next()).toEqual([]);
    expect(values((await fetcher.next())!)).toEqual(["7:x"]);
    expect(requested).toEqual([2n, 7n]);
  });

  it("fails on a corrupt batch instead of skipping data", async () => {
    const records = await batch(0, ["a"]);
    records[records.byteLength - 1] = records.at(-1)! ^ 0xff;
    fake.on(fetch, () => fetchAnswer({ records, highWatermark: 1 }));
    const fetcher = new PartitionFetcher(cluster, "t", new Map([[0, 0]]));
    await expect(fetcher.next()).rejects.toBeInstanceOf(RecordDecodeError);
  });

  it("retries retriable partition errors after refreshing metadata", async () => {
    const records = await batch(0, ["a"]);
    let calls = 0;
    fake.on(fetch, () => (++calls === 1 ? fetchAnswer({ errorCode: 6, highWatermark: -1 }) : fetchAnswer({ records, highWatermark: 1 })));
    const fetcher = new PartitionFetcher(cluster, "t", new Map([[0, 0]]));
    expect(await fetcher.next()).toEqual([]);
    expect(values((await fetcher.next())!)).toEqual(["0:a"]);
  });
});
