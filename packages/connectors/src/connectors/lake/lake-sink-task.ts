import type { ConnectorClock, PartitionPosition, SinkTask } from "../../kit/connector.js";
import { RecordError } from "../../kit/errors.js";
import type { SinkRecord } from "../../kit/record.js";
import { extractFields } from "./field-extraction.js";
import type { LakeSinkConfig } from "./lake-config.js";
import type { LakeStore } from "./lake-store.js";
import { objectName } from "./object-name.js";
import { OpenFile } from "./open-file.js";

const keyOf = (topic: string, partition: number): string => `${partition.toString()}/${topic}`;

/**
 * One open file per topic-partition, rolled into the store by record count, size or age. Only
 * rolled files count as written: durable() reports per partition the first offset still in an
 * open file, so the runtime never commits records a crash would lose.
 */
export class LakeSinkTask implements SinkTask {
  readonly #open = new Map<string, OpenFile>();
  /** Per partition, the offset after the last record taken (open or rolled): lower offsets are redeliveries. */
  readonly #taken = new Map<string, PartitionPosition>();
  /** Per partition, the offset after the last record in a rolled file. */
  readonly #rolled = new Map<string, number>();
  /** write and flush run one at a time: both roll files and change the maps above. */
  #serial: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: LakeSinkConfig,
    private readonly store: LakeStore,
    private readonly clock: ConnectorClock,
  ) {}

  write(records: readonly SinkRecord[], signal: AbortSignal): Promise<void> {
    return this.#exclusive(() => this.#write(records, signal));
  }

  async #write(records: readonly SinkRecord[], signal: AbortSignal): Promise<void> {
    for (const [index, record] of records.entries()) {
      const key = keyOf(record.topic, record.partition);
      // Already in an open or rolled file: a retry after a failed roll, or the rest of a batch
      // sent again after a RecordError.
      if (record.offset < (this.#taken.get(key)?.offset ?? -1)) continue;
      const fields = extractFields(record.value, this.config.fields);
      if (!fields.ok) throw new RecordError(index, `record ${record.topic}/${record.partition.toString()} at offset ${record.offset.toString()}: ${fields.message}`);
      let file = this.#open.get(key);
      if (file?.full) {
        await this.#roll(key, file, signal);
        file = undefined;
      }
      if (file === undefined) {
        file = new OpenFile(record.topic, record.partition, this.clock.now(), this.config);
        this.#open.set(key, file);
      }
      file.add(record, fields.values);
      this.#taken.set(key, { topic: record.topic, partition: record.partition, offset: record.offset + 1 });
    }
    for (const [key, file] of [...this.#open]) if (file.full) await this.#roll(key, file, signal);
  }

  durable(): readonly PartitionPosition[] {
    return [...this.#taken].flatMap(([key, taken]) => {
      const offset = this.#open.get(key)?.firstOffset ?? this.#rolled.get(key);
      return offset === undefined ? [] : [{ topic: taken.topic, partition: taken.partition, offset }];
    });
  }

  /** Rolls the files open for rollIntervalMs or longer. */
  flush(signal: AbortSignal): Promise<void> {
    return this.#exclusive(async () => {
      const now = this.clock.now();
      for (const [key, file] of [...this.#open]) if (now - file.openedAt >= this.config.rollIntervalMs) await this.#roll(key, file, signal);
    });
  }

  async #roll(key: string, file: OpenFile, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const prefix = this.config.destination.kind === "s3" ? this.config.destination.prefix : undefined;
    // On failure the file stays open with its records; the retried write rolls it first.
    await this.store.put(objectName(prefix, file.topic, file.partition, file.firstOffset, file.lastOffset), file.encode());
    this.#open.delete(key);
    this.#rolled.set(key, file.lastOffset + 1);
  }

  #exclusive(run: () => Promise<void>): Promise<void> {
    const next = this.#serial.then(run);
    this.#serial = next.catch(() => undefined);
    return next;
  }

  /** Drops open files: their records were never reported durable, so the runtime delivers them again. */
  async close(): Promise<void> {
    this.#open.clear();
    await this.store.close();
  }
}
