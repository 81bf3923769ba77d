/*
 * Produce v0-2 and Fetch v0-3 speak message sets of magic 0/1 (old Sarama
 * configurations, segmentio kafka-go 0.2). The log stores only record batches,
 * so these requests are converted on the way in and out, as Kafka 3.x did.
 */
import type { FetchResponse } from "@freshet/protocol/messages/fetch";
import type { LegacyMagic } from "@freshet/protocol/records/legacy-message-set";
import { downconvertRecordSet, upconvertMessageSet } from "@freshet/protocol/records/message-format-conversion";
import type { Result } from "@freshet/protocol/result";

/** First Produce version whose records are record batches. */
export const FIRST_RECORD_BATCH_PRODUCE_VERSION = 3;

/**
 * Converts produced message sets one after another: conversions finish in the
 * order they started, so a producer's pipelined batches still reach the log in
 * the order it sent them.
 */
export function legacyProduceConverter(): (messageSet: Uint8Array) => Promise<Result<Uint8Array, string>> {
  let previous: Promise<unknown> = Promise.resolve();
  return (messageSet) => {
    const converted = previous.then(() => upconvertMessageSet(messageSet));
    previous = converted.catch(() => undefined);
    return converted;
  };
}

/** A Fetch v0-3 answer: every partition's batches as messages of the version's magic. */
export async function downconvertFetchResponse(body: FetchResponse, fetchOffsets: ReadonlyMap<string, bigint>, magic: LegacyMagic): Promise<FetchResponse> {
  const responses = await Promise.all(
    body.responses.map(async (topic) => ({
      ...topic,
      partitions: await Promise.all(
        topic.partitions.map(async (p) => {
          if (p.records === null || p.records.byteLength === 0) return p;
          const from = Number(fetchOffsets.get(`${topic.topic}\0${p.partitionIndex}`) ?? 0n);
          return { ...p, records: await downconvertRecordSet(p.records, magic, from) };
        }),
      ),
    })),
  );
  return { ...body, responses };
}
