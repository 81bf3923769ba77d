import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { fetch, type FetchRequest, type FetchResponse } from "@freshet/protocol/messages/fetch";
import type { BrokerContext } from "../broker/broker-context.js";
import { handler } from "../server/handler.js";
import type { Partition } from "../topics/partition.js";
import { waitForData, type Watched } from "../topics/wait-for-data.js";

type PartitionData = FetchResponse["responses"][number]["partitions"][number];

/** Longest long-poll we honour, whatever the client asks. */
const MAX_WAIT_MS = 30_000;
const EMPTY: Uint8Array = new Uint8Array(0);

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function failed(partitionIndex: number, name: ErrorName, partition?: Partition): PartitionData {
  const hw = BigInt(partition?.highWatermark ?? -1);
  return {
    partitionIndex,
    errorCode: errorCode(name),
    highWatermark: hw,
    lastStableOffset: hw,
    logStartOffset: BigInt(partition?.logStartOffset ?? -1),
    abortedTransactions: null,
    preferredReadReplica: -1,
    // librdkafka rejects the whole response if any Records field is null.
    records: EMPTY,
  };
}

interface Collected {
  readonly body: FetchResponse;
  readonly bytes: number;
  readonly hasError: boolean;
  readonly watched: Watched[];
}

/**
 * Reads what is visible (below the high watermark) for every requested partition,
 * within the partition and response byte limits. The first batch found is
 * returned whole even when it exceeds the limits (KIP-74), so a big record
 * can never stall a consumer.
 */
async function collect(ctx: BrokerContext, request: FetchRequest): Promise<Collected> {
  let budget = request.maxBytes > 0 ? request.maxBytes : Number.MAX_SAFE_INTEGER;
  let bytes = 0;
  let hasError = false;
  const watched: Watched[] = [];
  const responses: FetchResponse["responses"] = [];
  for (const topicRequest of request.topics) {
    const out: PartitionData[] = [];
    for (const p of topicRequest.partitions) {
      const partition = ctx.registry.partition(topicRequest.topic, p.partition);
      if (partition === undefined) {
        hasError = true;
        out.push(failed(p.partition, "UNKNOWN_TOPIC_OR_PARTITION"));
        continue;
      }
      const offset = Number(p.fetchOffset);
      const hw = partition.highWatermark;
      watched.push({ partition, seenHighWatermark: hw });
      if (offset < partition.logStartOffset || offset > hw) {
        hasError = true;
        out.push(failed(p.partition, "OFFSET_OUT_OF_RANGE", partition));
        continue;
      }
      let records = EMPTY;
      if (offset < hw && budget > 0) {
        const limit = Math.min(p.partitionMaxBytes, budget);
        const read = await partition.log.read(offset, limit, hw, bytes === 0);
        records = concat(read.chunks, read.bytes);
        bytes += read.bytes;
        budget -= read.bytes;
      }
      out.push({
        partitionIndex: p.partition,
        errorCode: 0,
        highWatermark: BigInt(hw),
        lastStableOffset: BigInt(hw),
        logStartOffset: BigInt(partition.logStartOffset),
        abortedTransactions: null,
        preferredReadReplica: -1,
        records,
      });
    }
    responses.push({ topic: topicRequest.topic, partitions: out });
  }
  return { body: { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses }, bytes, hasError, watched };
}

export function fetchHandler(ctx: BrokerContext) {
  return handler(fetch, async (request, { abandoned }) => {
    const deadline = ctx.resources.clock.now() + Math.min(Math.max(request.maxWaitMs, 0), MAX_WAIT_MS);
    let aborted = false;
    void abandoned.then(() => (aborted = true));
    for (;;) {
      const collected = await collect(ctx, request);
      const remaining = deadline - ctx.resources.clock.now();
      if (collected.bytes >= request.minBytes || collected.hasError || remaining <= 0 || aborted) return collected.body;
      await waitForData(collected.watched, remaining, abandoned);
    }
  });
}
