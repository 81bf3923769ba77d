import { splitBatches } from "@freshet/protocol/records/split-batches";
import type { SmartRecord } from "@freshet/smartmodule/record";
import type { Clock } from "../../system/clock.js";
import type { Partition } from "../../topics/partition.js";
import { smartRecordsOf } from "../kafka-records.js";
import { SOURCE_IDLE_WAIT_MS, SOURCE_READ_BYTES, type SourceChunk, type SourceReader } from "./source-reader.js";

/** Reads a source partition held (and led) on this broker straight from its log. */
export class LocalSourceReader implements SourceReader {
  #position: number;

  constructor(
    private readonly source: Partition,
    from: number,
    private readonly signal: AbortSignal,
    private readonly clock: Clock,
  ) {
    this.#position = from;
  }

  async next(): Promise<SourceChunk | null> {
    // Retention may have removed what was next: carry on from what is left.
    this.#position = Math.max(this.#position, this.source.logStartOffset);
    if (this.source.highWatermark <= this.#position) {
      await this.#waitForSource();
      if (this.source.highWatermark <= this.#position) return null;
    }
    const from = this.#position;
    const read = await this.source.log.read(from, SOURCE_READ_BYTES, this.source.highWatermark, true);
    const records: SmartRecord[] = [];
    let end = from;
    for (const chunk of read.chunks) {
      for (const batch of splitBatches(chunk).batches) {
        const { header, records: batchRecords } = await smartRecordsOf(batch);
        for (const record of batchRecords) if (record.offset >= from) records.push(record);
        end = Math.max(end, header.baseOffset + header.lastOffsetDelta + 1);
      }
    }
    if (end === from) return null;
    this.#position = end;
    return { records, end };
  }

  #waitForSource(): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal.aborted) return resolve();
      const finish = () => {
        cancelTimer();
        unsubscribe();
        this.signal.removeEventListener("abort", finish);
        resolve();
      };
      const cancelTimer = this.clock.schedule(SOURCE_IDLE_WAIT_MS, finish);
      const unsubscribe = this.source.onAdvance(finish);
      this.signal.addEventListener("abort", finish, { once: true });
    });
  }

  /** The log belongs to the partition; nothing to release. */
  close(): void {}
}
