import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import { initProducerId } from "@freshet/protocol/messages/init-producer-id";
import { produce } from "@freshet/protocol/messages/produce";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import type { RawConnection } from "./raw-socket.js";

let correlationId = 0;

/** One Produce v7 request for one topic; the error code of each partition, in request order. */
export async function rawProduce(conn: RawConnection, topic: string, partitionData: { index: number; records: Uint8Array }[], acks = 1): Promise<number[]> {
  const id = ++correlationId;
  conn.send(encodeRequest(produce, { apiKey: 0, apiVersion: 7, correlationId: id, clientId: "raw" }, { transactionalId: null, acks, timeoutMs: 10_000, topicData: [{ name: topic, partitionData }] }));
  const reply = decodeResponse(produce, 7, await conn.nextFrame(15_000));
  if (!reply.ok) throw new Error(reply.error.message);
  if (reply.value.correlationId !== id) throw new Error(`answer ${reply.value.correlationId} for request ${id}`);
  return reply.value.body.responses[0]!.partitionResponses.map((partition) => partition.errorCode);
}

/** InitProducerId v1; the answer's error code, producer id and epoch. */
export async function initProducer(conn: RawConnection, transactionalId: string | null = null): Promise<{ errorCode: number; producerId: number; producerEpoch: number }> {
  const id = ++correlationId;
  conn.send(encodeRequest(initProducerId, { apiKey: 22, apiVersion: 1, correlationId: id, clientId: "raw" }, { transactionalId, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 }));
  const init = decodeResponse(initProducerId, 1, await conn.nextFrame(15_000));
  if (!init.ok) throw new Error(init.error.message);
  const { errorCode, producerId, producerEpoch } = init.value.body;
  return { errorCode, producerId: Number(producerId), producerEpoch };
}

/** The id InitProducerId issues to an idempotent (non-transactional) producer. */
export async function issueProducerId(conn: RawConnection): Promise<number> {
  const issued = await initProducer(conn);
  if (issued.errorCode !== 0) throw new Error(`InitProducerId answered error ${issued.errorCode}`);
  return issued.producerId;
}

/** A one-record batch of an idempotent producer. */
export function idempotentBatch(value: string, producer: { producerId: number; producerEpoch: number; baseSequence: number }): Promise<Uint8Array> {
  return buildRecordBatch({ records: [{ value: Buffer.from(value) }], ...producer });
}

export const ErrorCode = { CORRUPT_MESSAGE: 2, INVALID_REQUEST: 42, INVALID_PRODUCER_EPOCH: 47, UNKNOWN_PRODUCER_ID: 59 } as const;
