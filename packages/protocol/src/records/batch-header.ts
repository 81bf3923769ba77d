/*
 * Record batch v2 (magic 2) header, 61 bytes, as DefaultRecordBatch.java lays it out:
 *
 *  off  field                 type
 *    0  baseOffset            int64   (broker assigns)
 *    8  batchLength           int32   (bytes after this field)
 *   12  partitionLeaderEpoch  int32   (broker stamps; outside the CRC)
 *   16  magic                 int8    (= 2)
 *   17  crc                   uint32  (CRC-32C of bytes 21..end)
 *   21  attributes            int16
 *   23  lastOffsetDelta       int32
 *   27  baseTimestamp         int64
 *   35  maxTimestamp          int64
 *   43  producerId            int64
 *   51  producerEpoch         int16
 *   53  baseSequence          int32
 *   57  recordCount           int32
 *   61  records...
 *
 * Offsets, timestamps and producer ids are read as JS numbers: every value we
 * produce or accept stays below 2^53, and the hot path avoids BigInt.
 */
import { DecodeError } from "../io/decode-error.js";

export const BATCH_HEADER_BYTES = 61;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const BATCH_LOG_OVERHEAD = 12;
export const CRC_START = 21;
export const MAGIC_V2 = 2;

export const Field = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
} as const;

export const Attributes = {
  compressionMask: 0x07,
  timestampTypeLogAppend: 0x08,
  transactional: 0x10,
  control: 0x20,
} as const;

export interface BatchHeader {
  readonly baseOffset: number;
  readonly batchLength: number;
  readonly partitionLeaderEpoch: number;
  readonly magic: number;
  readonly crc: number;
  readonly attributes: number;
  readonly lastOffsetDelta: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function int64(data: DataView, at: number): number {
  return data.getInt32(at) * 0x1_0000_0000 + data.getUint32(at + 4);
}

function setInt64(data: DataView, at: number, value: number): void {
  data.setInt32(at, Math.floor(value / 0x1_0000_0000));
  data.setUint32(at + 4, value >>> 0);
}

/** Reads the header of the batch starting at `at`; throws DecodeError if it is cut short. */
export function readBatchHeader(bytes: Uint8Array, at = 0): BatchHeader {
  if (bytes.byteLength - at < BATCH_HEADER_BYTES) {
    throw new DecodeError(`record batch header needs ${BATCH_HEADER_BYTES} bytes, ${bytes.byteLength - at} left`, at);
  }
  const data = view(bytes);
  return {
    baseOffset: int64(data, at + Field.baseOffset),
    batchLength: data.getInt32(at + Field.batchLength),
    partitionLeaderEpoch: data.getInt32(at + Field.partitionLeaderEpoch),
    magic: data.getInt8(at + Field.magic),
    crc: data.getUint32(at + Field.crc),
    attributes: data.getInt16(at + Field.attributes),
    lastOffsetDelta: data.getInt32(at + Field.lastOffsetDelta),
    baseTimestamp: int64(data, at + Field.baseTimestamp),
    maxTimestamp: int64(data, at + Field.maxTimestamp),
    producerId: int64(data, at + Field.producerId),
    producerEpoch: data.getInt16(at + Field.producerEpoch),
    baseSequence: data.getInt32(at + Field.baseSequence),
    recordCount: data.getInt32(at + Field.recordCount),
  };
}

/** Whole size on the wire/disk of the batch at `at`, from its batchLength; -1 if not readable. */
export function batchSizeAt(bytes: Uint8Array, at = 0): number {
  if (bytes.byteLength - at < BATCH_LOG_OVERHEAD) return -1;
  return BATCH_LOG_OVERHEAD + view(bytes).getInt32(at + Field.batchLength);
}

export function writeBaseOffset(bytes: Uint8Array, offset: number, at = 0): void {
  setInt64(view(bytes), at + Field.baseOffset, offset);
}

export function writePartitionLeaderEpoch(bytes: Uint8Array, epoch: number, at = 0): void {
  view(bytes).setInt32(at + Field.partitionLeaderEpoch, epoch);
}

export function compressionOf(attributes: number): number {
  return attributes & Attributes.compressionMask;
}
