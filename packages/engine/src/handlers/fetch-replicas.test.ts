/*
 * A leader's Fetch answers while its own fsync is under way: followers get the group at
 * once (so their fsyncs overlap the leader's), consumers only once the high watermark,
 * which also waits for the leader's own fsync, passes it.
 */
import type { FetchRequest, FetchResponse } from "@freshet/protocol/messages/fetch";
import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { describe, expect, it } from "vitest";
import { SimulatedDisk } from "../log/fs/simulated-disk.js";
import { openTestLog, waitFor } from "../log/test-support/open-test-log.js";
import { testBatch } from "../log/test-support/test-batches.js";
import type { RequestContext } from "../server/handler.js";
import { ByteRateQuotas } from "../quotas/byte-rate-quotas.js";
import { silentLogger } from "../system/logger.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { Partition } from "../topics/partition.js";
import type { TopicsView } from "../topics/topics-view.js";
import type { BrokerContext } from "./broker-context.js";
import { fetchHandler } from "./fetch.js";

const TOPIC = "events";
const CONSUMER = -1;

async function leader() {
  const clock = new ManualClock(10_000);
  const disk = new SimulatedDisk(clock);
  const { log } = await openTestLog({ durability: { mode: "batch" } }, { clock, fs: disk, dir: `/data/topics/${TOPIC}-0` });
  const partition = new Partition(TOPIC, 0, log, clock, 1, 0);
  await partition.becomeLeader(1, [1, 2, 3], [1, 2, 3]);
  const topics: Partial<TopicsView> = { local: (name, index) => (name === TOPIC && index === 0 ? partition : undefined) };
  const fetchQuotas = new ByteRateQuotas({ current: () => ({}), alter: () => Promise.resolve(null) }, "consumer_byte_rate", clock);
  const ctx = { topics, resources: { logger: silentLogger, clock }, usage: null, fetchQuotas } as unknown as BrokerContext;
  const context = { header: { apiVersion: 12 }, abandoned: new Promise<void>(() => undefined) } as unknown as RequestContext;
  /** The base offsets of the batches a Fetch returns, and the high watermark it reports. */
  const fetch = async (replicaId: number, fetchOffset: number, maxWaitMs = 0) => {
    const request: FetchRequest = {
      replicaId,
      maxWaitMs,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        { topic: TOPIC, topicId: "", partitions: [{ partition: 0, currentLeaderEpoch: 1, fetchOffset: BigInt(fetchOffset), lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20 }] },
      ],
      forgottenTopicsData: [],
      rackId: "",
    };
    const answer = ((await fetchHandler(ctx).handle(request, context)) as FetchResponse).responses[0]!.partitions[0]!;
    const batches = splitBatches(answer.records ?? new Uint8Array(0)).batches.map((batch) => readBatchHeader(batch).baseOffset);
    return { errorCode: answer.errorCode, batches, highWatermark: Number(answer.highWatermark) };
  };
  return { partition, disk, fetch };
}

describe("Fetch on a leader during its fsync", () => {
  it("sends followers the group being fsynced, but consumers nothing past a high watermark that waits for the leader's fsync too", async () => {
    const { partition, disk, fetch } = await leader();
    const first = await testBatch({ count: 5 });
    expect(await partition.append(first, readBatchHeader(first))).toMatchObject({ ok: true, baseOffset: 0 });
    await fetch(2, 5);
    await fetch(3, 5);
    expect(partition.highWatermark).toBe(5);

    const release = disk.holdSyncs();
    // A follower already long-polling at the log end wakes when the group is written, not when it is fsynced.
    const polled = fetch(2, 5, 5_000);
    const second = await testBatch({ count: 5, fill: 9 });
    const appended = partition.append(second, readBatchHeader(second));
    await waitFor(() => partition.log.writtenEndOffset === 10);
    expect(await polled).toEqual({ errorCode: 0, batches: [5], highWatermark: 5 });
    expect(await fetch(3, 5)).toEqual({ errorCode: 0, batches: [5], highWatermark: 5 });
    expect(await fetch(CONSUMER, 5)).toEqual({ errorCode: 0, batches: [], highWatermark: 5 });

    // Both followers report the group durable; the leader's own copy is not yet.
    await fetch(2, 10);
    await fetch(3, 10);
    expect(partition.highWatermark).toBe(5);
    expect(await fetch(CONSUMER, 5)).toEqual({ errorCode: 0, batches: [], highWatermark: 5 });

    release();
    expect(await appended).toMatchObject({ ok: true, baseOffset: 5 });
    expect(partition.highWatermark).toBe(10);
    expect(await fetch(CONSUMER, 5)).toEqual({ errorCode: 0, batches: [5], highWatermark: 10 });
  });

  it("does not count a follower's fetch offset past what the leader has written", async () => {
    const { partition, fetch } = await leader();
    const batch = await testBatch({ count: 5 });
    await partition.append(batch, readBatchHeader(batch));
    const outOfRange = await fetch(2, 8);
    expect(outOfRange.errorCode).not.toBe(0);
    await fetch(3, 5);
    expect(partition.highWatermark).toBe(0);
  });
});
