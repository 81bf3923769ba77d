import { parquetWriteBuffer } from "hyparquet-writer";
import type { ColumnSource } from "hyparquet-writer";
import type { SinkRecord } from "../../kit/record.js";
import type { FieldValue } from "./field-extraction.js";
import type { LakeField, LakeSinkConfig } from "./lake-config.js";

const FIELD_TYPES = { string: "STRING", int64: "INT64", double: "DOUBLE", boolean: "BOOLEAN" } as const;
const decoder = new TextDecoder();

/**
 * The records of one topic-partition waiting for their file, kept by column. Offsets only grow:
 * a record at or below the last one taken is a redelivery and is not taken twice.
 */
export class OpenFile {
  readonly #offsets: bigint[] = [];
  readonly #timestamps: Date[] = [];
  readonly #keys: (string | Uint8Array | null)[] = [];
  readonly #values: (string | Uint8Array | null)[] = [];
  readonly #fields: (FieldValue | bigint)[][];
  #bytes = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** When the first record came (the clock's time), for rolling by interval. */
    readonly openedAt: number,
    private readonly config: LakeSinkConfig,
  ) {
    this.#fields = config.fields.map(() => []);
  }

  get records(): number {
    return this.#offsets.length;
  }

  /** Key and value bytes taken so far, what rollBytes counts. */
  get bytes(): number {
    return this.#bytes;
  }

  get firstOffset(): number {
    return Number(this.#offsets[0]!);
  }

  get lastOffset(): number {
    return Number(this.#offsets[this.#offsets.length - 1]!);
  }

  get full(): boolean {
    return this.records >= this.config.rollRecords || this.#bytes >= this.config.rollBytes;
  }

  add(record: SinkRecord, fields: readonly FieldValue[]): void {
    this.#offsets.push(BigInt(record.offset));
    this.#timestamps.push(new Date(record.timestamp));
    this.#keys.push(this.#cell(record.key, this.config.keyFormat));
    this.#values.push(this.#cell(record.value, this.config.valueFormat));
    // Parquet's INT64 cells are bigints; JSON gave safe integers.
    fields.forEach((value, i) => this.#fields[i]!.push(this.config.fields[i]!.type === "int64" && typeof value === "number" ? BigInt(value) : value));
    this.#bytes += (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0);
  }

  #cell(bytes: Uint8Array | null, format: "string" | "bytes"): string | Uint8Array | null {
    if (bytes === null) return null;
    return format === "string" ? decoder.decode(bytes) : bytes;
  }

  /** The Parquet file of the records taken. */
  encode(): Uint8Array {
    const rows = this.records;
    const columns: ColumnSource[] = [
      { name: "topic", data: new Array<string>(rows).fill(this.topic), type: "STRING", nullable: false },
      { name: "partition", data: new Array<number>(rows).fill(this.partition), type: "INT32", nullable: false },
      { name: "offset", data: this.#offsets, type: "INT64", nullable: false },
      { name: "timestamp", data: this.#timestamps, type: "TIMESTAMP", nullable: false },
      { name: "key", data: this.#keys, type: this.config.keyFormat === "string" ? "STRING" : "BYTE_ARRAY" },
      { name: "value", data: this.#values, type: this.config.valueFormat === "string" ? "STRING" : "BYTE_ARRAY" },
      ...this.config.fields.map((field: LakeField, i) => ({ name: field.name, data: this.#fields[i]!, type: FIELD_TYPES[field.type] })),
    ];
    return new Uint8Array(parquetWriteBuffer({ columnData: columns }));
  }
}
