import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { fetch, type FetchRequest, type FetchResponse } from "@freshet/protocol/messages/fetch";
import { legacyMagicForFetch } from "@freshet/protocol/records/message-format-conversion";
import type { BrokerContext } from "./broker-context.js";
import { LogError } from "../log/errors.js";
import { recordsInBatches, type UsageMeter } from "../metrics/usage-meter.js";
import { handler } from "../server/handler.js";
import type { Partition } from "../topics/partition.js";
import { waitForData, type Watched } from "../topics/wait-for-data.js";
import { ANONYMOUS } from "../smartmodules/instance-budget.js";
import { downconvertFetchResponse } from "./legacy-formats.js";

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

/**
 * Damaged or lost log bytes answer CORRUPT_MESSAGE for that partition, to consumers and
 * followers alike (a follower must not copy them); the log reports the damage once.
 */
function refuseDamaged(error: unknown): null {
  if (error instanceof LogError && error.code === "corrupt") return null;
  throw error;
}

/** Why this replica cannot serve the partition at the client's leader epoch, or null. */
export function leadershipProblem(partition: Partition, currentLeaderEpoch: number): ErrorName | null {
  if (!partition.isLeader) return "NOT_LEADER_OR_FOLLOWER";
  // -1 means the client does not know epochs (Metadata v4 carries none).
  if (currentLeaderEpoch >= 0 && currentLeaderEpoch < partition.leaderEpoch) return "FENCED_LEADER_EPOCH";
  if (currentLeaderEpoch > partition.leaderEpoch) return "UNKNOWN_LEADER_EPOCH";
  return null;
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
/**
 * The topic each request entry names: by name before v13, by id from v13 on
 * (undefined for an id no topic has, answered UNKNOWN_TOPIC_ID).
 */
function topicNames(ctx: BrokerContext, request: FetchRequest, version: number): (string | undefined)[] {
  if (version < 13) return request.topics.map((t) => t.topic);
  const byId = new Map(ctx.topics.list().map((t) => [t.id, t.name]));
  return request.topics.map((t) => byId.get(t.topicId));
}

async function collect(ctx: BrokerContext, request: FetchRequest, names: readonly (string | undefined)[]): Promise<Collected> {
  let budget = request.maxBytes > 0 ? request.maxBytes : Number.MAX_SAFE_INTEGER;
  let bytes = 0;
  let hasError = false;
  const watched: Watched[] = [];
  const responses: FetchResponse["responses"] = [];
  for (const [i, topicRequest] of request.topics.entries()) {
    const name = names[i];
    const out: PartitionData[] = [];
    for (const p of topicRequest.partitions) {
      if (name === undefined) {
        hasError = true;
        out.push(failed(p.partition, "UNKNOWN_TOPIC_ID"));
        continue;
      }
      const partition = ctx.topics.local(name, p.partition);
      if (partition === undefined) {
        hasError = true;
        out.push(failed(p.partition, "UNKNOWN_TOPIC_OR_PARTITION"));
        continue;
      }
      const problem = leadershipProblem(partition, p.currentLeaderEpoch);
      if (problem !== null) {
        hasError = true;
        out.push(failed(p.partition, problem, partition));
        continue;
      }
      const offset = Number(p.fetchOffset);
      // Consumers read up to the high watermark. Followers read up to what is written, also
      // batches whose fsync here is still under way, so their fsyncs overlap ours; their fetch
      // offset tells the leader what they hold durably, and the high watermark also waits
      // for our own durable end (see LeaderReplicas.highWatermark).
      const follower = request.replicaId >= 0;
      const logEnd = follower ? partition.log.writtenEndOffset : partition.log.logEndOffset;
      const visibleEnd = follower ? logEnd : partition.highWatermark;
      watched.push({ partition, seen: visibleEnd, end: follower ? () => partition.log.writtenEndOffset : () => partition.highWatermark });
      if (offset < partition.logStartOffset || offset > logEnd) {
        hasError = true;
        out.push(failed(p.partition, "OFFSET_OUT_OF_RANGE", partition));
        continue;
      }
      // Counted only in range, as Kafka does: an offset past our log is not data the follower shares with us.
      if (follower) partition.recordFollowerFetch(request.replicaId, offset);
      let records = EMPTY;
      if (offset < visibleEnd && budget > 0) {
        const limit = Math.min(p.partitionMaxBytes, budget);
        const read = await (follower ? partition.log.readForReplica(offset, limit, bytes === 0) : partition.log.read(offset, limit, visibleEnd, bytes === 0)).catch(refuseDamaged);
        if (read === null) {
          hasError = true;
          out.push(failed(p.partition, "CORRUPT_MESSAGE", partition));
          continue;
        }
        records = concat(read.chunks, read.bytes);
        bytes += read.bytes;
        budget -= read.bytes;
      }
      out.push({
        partitionIndex: p.partition,
        errorCode: 0,
        highWatermark: BigInt(partition.highWatermark),
        lastStableOffset: BigInt(partition.highWatermark),
        logStartOffset: BigInt(partition.logStartOffset),
        abortedTransactions: null,
        preferredReadReplica: -1,
        records,
      });
    }
    responses.push({ topic: name ?? "", topicId: topicRequest.topicId, partitions: out });
  }
  return { body: { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses }, bytes, hasError, watched };
}

async function longPoll(ctx: BrokerContext, request: FetchRequest, version: number, abandoned: Promise<void>): Promise<FetchResponse> {
  const names = topicNames(ctx, request, version);
  const deadline = ctx.resources.clock.now() + Math.min(Math.max(request.maxWaitMs, 0), MAX_WAIT_MS);
  let aborted = false;
  void abandoned.then(() => (aborted = true));
  for (;;) {
    const collected = await collect(ctx, request, names);
    const remaining = deadline - ctx.resources.clock.now();
    if (collected.bytes >= request.minBytes || collected.hasError || remaining <= 0 || aborted) return collected.body;
    await waitForData(collected.watched, remaining, abandoned, ctx.resources.clock);
  }
}

/**
 * Counts what a consumer is sent: the stored batches of the answer (a long poll reads
 * again after waiting, so only the final answer counts). Followers' fetches are replication, not usage.
 */
function countFetched(usage: UsageMeter, request: FetchRequest, body: FetchResponse): void {
  if (request.replicaId >= 0) return;
  for (const topic of body.responses) {
    for (const p of topic.partitions) {
      if (p.errorCode !== 0 || p.records === null || p.records.byteLength === 0) continue;
      const counted = usage.partition(topic.topic, p.partitionIndex);
      counted.fetchedBytes += p.records.byteLength;
      counted.fetchedRecords += recordsInBatches(p.records);
    }
  }
}

/** Bytes of records in an answer. */
function recordBytes(body: FetchResponse): number {
  let bytes = 0;
  for (const topic of body.responses) for (const p of topic.partitions) bytes += p.records?.byteLength ?? 0;
  return bytes;
}

export function fetchHandler(ctx: BrokerContext) {
  return handler(fetch, async (request, { abandoned, header, sasl, throttle }) => {
    let body = await longPoll(ctx, request, header.apiVersion, abandoned);
    if (ctx.usage !== null) countFetched(ctx.usage, request, body);
    if (request.replicaId < 0) {
      // What is read is sent; a consumer over its consumer_byte_rate is told to wait and not read meanwhile (KIP-219).
      const throttleTimeMs = ctx.fetchQuotas.throttleMs(sasl?.principal ?? ANONYMOUS, header.clientId ?? "", recordBytes(body));
      if (throttleTimeMs > 0) {
        throttle?.(throttleTimeMs);
        body = { ...body, throttleTimeMs };
      }
    }
    const magic = legacyMagicForFetch(header.apiVersion);
    if (magic === null) return body;
    const offsets = new Map(request.topics.flatMap((t) => t.partitions.map((p) => [`${t.topic}\0${p.partition}`, p.fetchOffset] as const)));
    return downconvertFetchResponse(body, offsets, magic);
  });
}
