import { errorName } from "@freshet/protocol/errors/error-codes";
import { fetch, type FetchResponse } from "@freshet/protocol/messages/fetch";
import { produce } from "@freshet/protocol/messages/produce";
import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { buildRecordBatch, type RecordToBuild } from "@freshet/protocol/records/build-batch";
import { decodeRecordBatch } from "@freshet/protocol/records/decode-batch";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { runWindowed } from "../../run/windowed.js";
import type { WorkloadKnobs } from "../../workload/knobs.js";
import type { PerRecordStream } from "../driver.js";
import type { KafkaWire } from "./kafka-wire.js";

const PRODUCE_VERSION = 7;
const FETCH_VERSION = 11;
const REQUEST_TIMEOUT_MS = 30_000;
const FETCH_MAX_WAIT_MS = 500;

/**
 * Produce and Fetch for one single-partition topic over the raw connection.
 * Every Produce request carries one freshly encoded batch (a producer's real
 * encoding work); the consumer asks for the next offsets as soon as a response
 * arrives and decodes the records while that fetch is on the wire, which is
 * how librdkafka's fetcher overlaps fetching with the application.
 */
export function rawStream(wire: KafkaWire, topic: string, payload: Buffer, knobs: WorkloadKnobs, remove: () => Promise<void>): PerRecordStream {
  const recordsOf = (count: number): RecordToBuild[] => Array.from({ length: count }, () => ({ value: payload }));
  const fullBatch = recordsOf(knobs.batch);

  const send = async (records: readonly RecordToBuild[]): Promise<void> => {
    const batch = await buildRecordBatch({ records });
    const response = await wire.request(produce, PRODUCE_VERSION, {
      transactionalId: null,
      acks: knobs.acks,
      timeoutMs: REQUEST_TIMEOUT_MS,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
    });
    const code = response.responses[0]?.partitionResponses[0]?.errorCode ?? -1;
    if (code !== 0) throw new Error(`Produce to ${topic}: ${errorName(code)}`);
  };

  const partitionMaxBytes = Math.max(knobs.fetchBatch * payload.byteLength, 64 * 1024);
  const fetchFrom = (offset: number): Promise<FetchResponse> =>
    wire.request(fetch, FETCH_VERSION, {
      replicaId: -1,
      maxWaitMs: FETCH_MAX_WAIT_MS,
      minBytes: 1,
      maxBytes: partitionMaxBytes,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic,
          topicId: ZERO_UUID,
          partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: BigInt(offset), lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes }],
        },
      ],
      forgottenTopicsData: [],
      rackId: "",
    });

  return {
    async produce(records, signal) {
      const requests = Math.ceil(records / knobs.batch);
      await runWindowed(
        requests,
        knobs.inFlight,
        (index) => {
          const count = Math.min(knobs.batch, records - index * knobs.batch);
          return send(count === knobs.batch ? fullBatch : recordsOf(count));
        },
        signal,
      );
    },
    async consume(records, signal) {
      let offset = 0;
      let seen = 0;
      let bytes = 0;
      let next: Promise<FetchResponse> | null = fetchFrom(0);
      try {
        while (next !== null) {
          const partition = (await next).responses[0]?.partitions[0];
          next = null;
          if (!partition) throw new Error(`Fetch from ${topic}: no partition in the response`);
          if (partition.errorCode !== 0) throw new Error(`Fetch from ${topic} at ${offset}: ${errorName(partition.errorCode)}`);
          const { batches } = splitBatches(partition.records ?? new Uint8Array(0));
          if (batches.length === 0) throw new Error(`topic ${topic} ended after ${seen} of ${records} records`);
          const last = readBatchHeader(batches[batches.length - 1]!);
          const fetchedUpTo = last.baseOffset + last.lastOffsetDelta + 1;
          if (fetchedUpTo < records && !signal.aborted) next = fetchFrom(fetchedUpTo);
          for (const batch of batches) {
            const decoded = await decodeRecordBatch(batch, { verifyCrc: false });
            if (!decoded.ok) throw new Error(`Fetch from ${topic}: ${decoded.error.message}`);
            for (const record of decoded.value.records) {
              // A response starts at the batch holding the fetch offset; earlier records were already counted.
              if (record.offset < offset) continue;
              seen++;
              bytes += record.value?.byteLength ?? 0;
            }
          }
          offset = fetchedUpTo;
          signal.throwIfAborted();
        }
      } finally {
        next?.catch(() => undefined);
      }
      if (seen !== records) throw new Error(`read ${seen} records from ${topic}, expected ${records}`);
      return { bytes };
    },
    produceOne() {
      return send(recordsOf(1));
    },
    remove,
  };
}
