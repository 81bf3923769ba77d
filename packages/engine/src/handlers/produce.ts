import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { produce, type ProduceResponse } from "@freshet/protocol/messages/produce";
import { Attributes } from "@freshet/protocol/records/batch-header";
import { settleCreateTime, stampLogAppendTime } from "@freshet/protocol/records/log-append-time";
import { recompressBatch } from "@freshet/protocol/records/recompress-batch";
import { validateProducedBatch } from "@freshet/protocol/records/validate-produced-batch";
import { validateProducedRecords } from "@freshet/protocol/records/validate-produced-records";
import type { BrokerContext } from "./broker-context.js";
import { NO_RESPONSE, handler } from "../server/handler.js";
import { ANONYMOUS } from "../smartmodules/instance-budget.js";
import { FIRST_RECORD_BATCH_PRODUCE_VERSION, legacyProduceConverter } from "./legacy-formats.js";
import type { BatchTransform } from "../topics/partition.js";
import { chainOf, cleanupPolicies, type TopicConfig } from "../topics/topic-config.js";
import type { TopicDescription } from "../topics/topics-view.js";

type PartitionResponse = ProduceResponse["responses"][number]["partitionResponses"][number];

type RecordError = PartitionResponse["recordErrors"][number];

/**
 * A refused batch. v8+ carry the reason (`message`) and, when particular records
 * caused it, their indexes in the batch, as Kafka's validator reports them.
 */
function failed(index: number, name: ErrorName, message: string | null = null, recordErrors: RecordError[] = []): PartitionResponse {
  return { index, errorCode: errorCode(name), baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors, errorMessage: message };
}

/**
 * A topic with a SmartModule chain stores what the chain makes of each batch (in
 * the topic's codec); one with a fixed compression.type stores every batch with
 * that codec, as Kafka brokers do.
 */
function transformFor(ctx: BrokerContext, topic: TopicDescription, partition: number): BatchTransform | undefined {
  if (chainOf(topic.config).length > 0) return ctx.produceChains.transformFor(topic, partition);
  return recompressionFor(topic.config);
}

function recompressionFor(config: TopicConfig): BatchTransform | undefined {
  const codec = config["compression.type"];
  if (codec === "producer") return undefined;
  return async (batch) => {
    const result = await recompressBatch(batch, codec);
    if (!result.ok) throw new Error(`cannot recompress batch: ${result.error.message}`);
    return result.value;
  };
}

export function produceHandler(ctx: BrokerContext) {
  const { topics, resources, usage } = ctx;
  const upconvert = legacyProduceConverter();
  return handler(produce, async (request, { header, sasl, throttle }) => {
    const acks = request.acks;
    const responses = request.topicData.map((topicData) => ({
      name: topicData.name,
      // Appends start synchronously, in request order, so one producer's pipelined
      // batches reach the log in the order they were sent.
      partitionResponses: topicData.partitionData.map(async ({ index, records: produced }): Promise<PartitionResponse> => {
        let records = produced;
        if (header.apiVersion < FIRST_RECORD_BATCH_PRODUCE_VERSION && produced !== null) {
          const converted = await upconvert(produced);
          if (!converted.ok) {
            resources.logger.debug({ topic: topicData.name, partition: index, reason: converted.error }, "produce rejected: bad message set");
            return failed(index, "CORRUPT_MESSAGE", `not a valid message set: ${converted.error}`);
          }
          records = converted.value;
        }
        if (acks !== 0 && acks !== 1 && acks !== -1) return failed(index, "INVALID_REQUIRED_ACKS");
        const topic = topics.describe(topicData.name);
        const partition = topics.local(topicData.name, index);
        if (topic === undefined || partition === undefined) return failed(index, "UNKNOWN_TOPIC_OR_PARTITION");
        if (!partition.isLeader) return failed(index, "NOT_LEADER_OR_FOLLOWER");
        const source = topic.config["freshet.source"];
        if (source !== "") {
          // The broker alone writes a derived topic; Produce v3-7 responses carry no message, so the reason goes to the log too.
          const reason = `'${topic.name}' is derived from '${source}'; produce to '${source}'`;
          resources.logger.info({ topic: topic.name, source }, `produce refused: ${reason}`);
          return failed(index, "INVALID_REQUEST", reason);
        }
        const minIsr = topic.config["min.insync.replicas"];
        // Refused before anything is written: acks=all cannot be honoured with too few in-sync copies.
        if (acks === -1 && partition.isr.length < minIsr) return failed(index, "NOT_ENOUGH_REPLICAS");
        if (records === null) return failed(index, "CORRUPT_MESSAGE", "the partition's records are null");
        const validated = validateProducedBatch(records, { maxBatchBytes: topic.config["max.message.bytes"] });
        if (!validated.ok) {
          resources.logger.debug({ topic: topic.name, partition: index, reason: validated.error.message }, "produce rejected");
          return failed(index, validated.error.errorName, validated.error.message);
        }
        const batchHeader = validated.value;
        if ((batchHeader.attributes & Attributes.transactional) !== 0) return failed(index, "INVALID_RECORD", "transactional batches are not supported");
        // Both checks answer synchronously in the common case; an await there would split
        // appends that arrive together over separate group commits.
        const issued = batchHeader.producerId < 0 || topics.producerIdIssued(batchHeader.producerId);
        const producerIdIssued = typeof issued === "boolean" ? issued : await issued;
        const checking = partition.inArrivalOrder(() => validateProducedRecords(records, batchHeader));
        const scanned = checking instanceof Promise ? await checking : checking;
        if (!scanned.ok) {
          resources.logger.debug({ topic: topic.name, partition: index, reason: scanned.error.message }, "produce rejected");
          return failed(index, scanned.error.errorName, scanned.error.message);
        }
        if (scanned.value.keylessRecords.length > 0 && cleanupPolicies(topic.config["cleanup.policy"]).includes("compact")) {
          // Kafka's rule: compaction keeps the latest record per key, so a record without one has no place.
          const reason = `Compacted topic cannot accept message without key in topic partition ${topic.name}-${index}.`;
          resources.logger.debug({ topic: topic.name, partition: index }, "produce rejected: a compacted topic needs a key on every record");
          const recordErrors = scanned.value.keylessRecords.map((batchIndex) => ({ batchIndex, batchIndexErrorMessage: reason }));
          return failed(index, "INVALID_RECORD", reason, recordErrors);
        }
        let logAppendTime = -1;
        if (topic.config["message.timestamp.type"] === "LogAppendTime") {
          logAppendTime = resources.clock.now();
          stampLogAppendTime(records, logAppendTime);
        } else {
          settleCreateTime(records, scanned.value.maxTimestamp);
        }
        const outcome = await partition.append(records, batchHeader, transformFor(ctx, topic, index), producerIdIssued);
        if (!outcome.ok) {
          resources.logger.warn({ topic: topic.name, partition: index, reason: outcome.message }, "produce failed");
          return failed(index, outcome.errorName);
        }
        if (usage !== null && !outcome.duplicate) {
          // What the client sent, counted once stored: a retried duplicate is acknowledged but not counted again.
          const counted = usage.partition(topic.name, index);
          counted.producedBytes += records.byteLength;
          counted.producedRecords += batchHeader.recordCount;
        }
        if (acks === -1) {
          // acks=all: answered only once every in-sync replica holds the batch durably.
          const reached = await partition.waitForHighWatermark(outcome.lastOffset, request.timeoutMs);
          if (reached === "timeout") return failed(index, "REQUEST_TIMED_OUT");
          if (reached === "not-leader") return failed(index, "NOT_LEADER_OR_FOLLOWER");
          if (partition.isr.length < minIsr) return failed(index, "NOT_ENOUGH_REPLICAS_AFTER_APPEND");
        }
        return {
          index,
          errorCode: 0,
          baseOffset: BigInt(outcome.baseOffset),
          logAppendTimeMs: BigInt(logAppendTime),
          logStartOffset: BigInt(partition.logStartOffset),
          recordErrors: [],
          errorMessage: null,
        };
      }),
    }));
    const settled = await Promise.all(responses.map(async (r) => ({ name: r.name, partitionResponses: await Promise.all(r.partitionResponses) })));
    // Every byte is appended and answered; a client over its producer_byte_rate is told to wait and not read meanwhile (KIP-219).
    let bytes = 0;
    for (const topicData of request.topicData) for (const partition of topicData.partitionData) bytes += partition.records?.byteLength ?? 0;
    const throttleTimeMs = ctx.produceQuotas.throttleMs(sasl?.principal ?? ANONYMOUS, header.clientId ?? "", bytes);
    if (throttleTimeMs > 0) throttle?.(throttleTimeMs);
    if (acks === 0) return NO_RESPONSE;
    return { responses: settled, throttleTimeMs };
  });
}
