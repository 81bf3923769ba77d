import { z } from "zod";
import type { SmartRecordHeader } from "@freshet/smartmodule/record";
import type { PartitionLog } from "../../log/partition-log.js";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { smartRecordsOf } from "../kafka-records.js";

/** On every output record: the offset of the source record it came from (decimal text). */
export const SOURCE_OFFSET_HEADER = "freshet.source.offset";
/**
 * On the last record of each appended batch: the source offset to read next. It can
 * be past the last record's own source offset when the chain dropped the records
 * after it, and the state below already counts those.
 */
export const SOURCE_NEXT_HEADER = "freshet.source.next";
/** With SOURCE_NEXT_HEADER when the chain has aggregates: JSON array of each step's accumulator, base64. */
export const STATE_HEADER = "freshet.state";

export interface ResumePoint {
  readonly nextSourceOffset: number;
  readonly accumulators: Uint8Array[];
}

const stateSchema = z.array(z.string());
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Where a derivation continues: read from its own last stored batch, so the source
 * position and the aggregate state move with the output atomically (a batch is
 * stored whole or not at all). An empty log starts at the source's beginning.
 */
export async function readResumePoint(log: PartitionLog): Promise<ResumePoint> {
  const end = log.logEndOffset;
  if (end <= log.logStartOffset) return { nextSourceOffset: 0, accumulators: [] };
  const read = await log.read(end - 1, 1, end, true);
  const batches = read.chunks.flatMap((chunk) => splitBatches(chunk).batches);
  const last = batches.at(-1);
  if (last === undefined) throw new Error(`cannot read the last batch of ${end - 1}`);
  const { records } = await smartRecordsOf(last);
  const record = records.at(-1);
  if (record === undefined) throw new Error("the derived topic's last batch has no records");
  const next = headerText(record.headers, SOURCE_NEXT_HEADER);
  if (next === null || !/^\d+$/.test(next)) throw new Error(`the derived topic's last record has no '${SOURCE_NEXT_HEADER}' header`);
  const state = headerText(record.headers, STATE_HEADER);
  const accumulators = state === null ? [] : stateSchema.parse(JSON.parse(state)).map((b64) => new Uint8Array(Buffer.from(b64, "base64")));
  return { nextSourceOffset: Number(next), accumulators };
}

function headerText(headers: readonly SmartRecordHeader[], key: string): string | null {
  const value = headers.findLast((h) => h.key === key)?.value;
  return value == null ? null : decoder.decode(value);
}

/** The headers closing an appended batch. */
export function resumeHeaders(nextSourceOffset: number, accumulators: readonly Uint8Array[]): SmartRecordHeader[] {
  const headers: SmartRecordHeader[] = [{ key: SOURCE_NEXT_HEADER, value: encoder.encode(String(nextSourceOffset)) }];
  if (accumulators.some((a) => a.byteLength > 0)) {
    const state = accumulators.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64"));
    headers.push({ key: STATE_HEADER, value: encoder.encode(JSON.stringify(state)) });
  }
  return headers;
}

export function sourceOffsetHeader(offset: number): SmartRecordHeader {
  return { key: SOURCE_OFFSET_HEADER, value: encoder.encode(String(offset)) };
}
