import type { SourceSpec } from "../spec/index.js";
import type { DataflowInput } from "../graph/contract.js";
import { compileExpression, eventTimeOf, ExpressionError, keyString, type Expression } from "../expressions/index.js";
import { PartitionWatermarks } from "../watermarks/index.js";
import { Node, type Rec } from "./node.js";

const utf8 = new TextDecoder();

/** A record as read: its id (`source:partition:offset:0`) is built only if something asks (most records are filtered or aggregated away). */
class SourceRecord implements Rec {
  #id: string | undefined;

  constructor(
    readonly key: string | null,
    readonly time: number,
    readonly value: unknown,
    private readonly prefix: string,
    private readonly offset: bigint,
  ) {}

  get id(): string {
    return (this.#id ??= `${this.prefix}${this.offset}:0`);
  }
}

/**
 * A source topic: decodes each record (JSON or text), extracts its key and event time, and tracks
 * the watermark per partition. Emits `{ key, time, value }` with id `source:partition:offset:0`.
 */
export class SourceNode extends Node {
  readonly #json: boolean;
  readonly #key: Expression | null;
  readonly #eventTime: Expression | null;
  readonly watermarks: PartitionWatermarks;

  constructor(id: string, spec: SourceSpec) {
    super(id, "source", 0);
    this.#json = spec.format === "json";
    this.#key = spec.key === undefined ? null : compileExpression(spec.key);
    this.#eventTime = spec.eventTime === undefined ? null : compileExpression(spec.eventTime);
    this.watermarks = new PartitionWatermarks(spec.watermark.maxOutOfOrder, spec.watermark.idleTimeout ?? null);
  }

  #prefixes: string[] = [];

  #prefix(partition: number): string {
    return (this.#prefixes[partition] ??= `${this.id}:${partition}:`);
  }

  push(): void {
    throw new Error("a source takes records through ingest()");
  }

  ingest(input: DataflowInput, now: number): void {
    this.recordsIn++;
    let value: unknown = null;
    if (input.value !== null) {
      const text = utf8.decode(input.value);
      if (this.#json) {
        try {
          value = JSON.parse(text);
        } catch {
          this.failed("the value is not JSON");
          return;
        }
      } else value = text;
    }
    const kafkaKey = input.key === null ? null : utf8.decode(input.key);
    let key = kafkaKey;
    let time = input.timestamp;
    try {
      if (this.#key !== null) key = keyString(this.#key.evaluate(value, kafkaKey, input.timestamp));
      if (this.#eventTime !== null) time = eventTimeOf(this.#eventTime.evaluate(value, key, input.timestamp));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.failed(error.message);
      return;
    }
    this.emit(new SourceRecord(key, time, value, this.#prefix(input.partition), input.offset));
    const watermark = this.watermarks.observe(input.partition, time, now);
    if (watermark > this.watermark) this.#moveTo(watermark);
  }

  tick(now: number): void {
    const watermark = this.watermarks.tick(now);
    if (watermark > this.watermark) this.#moveTo(watermark);
  }

  #moveTo(watermark: number): void {
    this.watermark = watermark;
    this.forwardWatermark(watermark);
  }

  override snapshotState(): unknown {
    return this.watermarks.snapshot();
  }

  override restoreState(state: unknown): void {
    this.watermarks.restore(state as ReturnType<PartitionWatermarks["snapshot"]>);
  }
}
