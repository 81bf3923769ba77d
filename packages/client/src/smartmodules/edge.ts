/**
 * SmartModules at the edge: a chain applied by the client itself, to records
 * before they are produced or after they are consumed, instead of on the broker.
 * Useful to mask data before it leaves the machine, or to try a chain on real
 * traffic before loading it into the cluster. On Node every step runs in its own
 * worker thread under the same limits the broker uses.
 */
import type { RecordHeader } from "@freshet/protocol/records/record";
import type { SmartModuleChain } from "@freshet/smartmodule/chain/chain";
import { readPackedBatch } from "@freshet/smartmodule/packed/packed-reader";
import { packRecords } from "@freshet/smartmodule/packed/packed-writer";
import type { SmartRecord } from "@freshet/smartmodule/record";
import { openNodeChain, type RuntimeLimits } from "@freshet/smartmodule/runtime-node";
import type { ConsumedRecord } from "../consumer/consumed-record.js";
import { toBytes, type ProducerRecord } from "../producer/producer-record.js";

export interface EdgeStep {
  /** How to name the module in errors. */
  readonly name: string;
  /** The component's bytes (`freshet sm build` writes them to dist/<name>.wasm). */
  readonly module: Uint8Array;
  readonly params?: Readonly<Record<string, string>>;
}

export interface EdgeOptions {
  readonly limits?: RuntimeLimits;
  /** Saved accumulators, one per step, to resume aggregates. */
  readonly accumulators?: readonly Uint8Array[];
}

/** A record one step could not handle; `index` is its position in the records given. */
export interface EdgeRecordError {
  readonly index: number;
  readonly module: string;
  readonly message: string;
}

export interface EdgeResult<R> {
  readonly records: R[];
  readonly errors: EdgeRecordError[];
}

function headersOf(record: ProducerRecord): readonly RecordHeader[] {
  const headers = record.headers;
  if (headers === undefined) return [];
  if (Array.isArray(headers)) return headers as readonly RecordHeader[];
  return Object.entries(headers as Record<string, Uint8Array | string | null>).map(([key, value]) => ({ key, value: toBytes(value) }));
}

// Records enter the chain with their position as offset: every output of a
// record carries it, which leads back to the input's partition, topic and offset.
export class EdgeChain {
  private constructor(private readonly chain: SmartModuleChain) {}

  static async open(steps: readonly EdgeStep[], options: EdgeOptions = {}): Promise<EdgeChain> {
    const chain = await openNodeChain(
      steps.map((s) => ({ name: s.name, module: s.module, params: Object.entries(s.params ?? {}) })),
      options.limits,
      options.accumulators,
    );
    return new EdgeChain(chain);
  }

  /** Each step's running accumulator, to save and pass back to `open`. */
  get accumulators(): Uint8Array[] {
    return this.chain.accumulators;
  }

  async #apply(records: readonly SmartRecord[]): Promise<{ out: ReturnType<typeof readPackedBatch>; errors: EdgeRecordError[] }> {
    const result = await this.chain.process(packRecords(records));
    return { out: readPackedBatch(result.records), errors: result.errors.map((e) => ({ index: e.offset, module: e.module, message: e.message })) };
  }

  /** Applies the chain to records about to be sent; an explicit partition stays with each record's outputs. */
  async beforeProduce(records: readonly ProducerRecord[], now = Date.now()): Promise<EdgeResult<ProducerRecord>> {
    const { out, errors } = await this.#apply(records.map((r, index) => ({ offset: index, timestamp: r.timestamp ?? now, key: toBytes(r.key), value: toBytes(r.value), headers: headersOf(r) })));
    const produced = out.map((o): ProducerRecord => {
      const partition = records[o.offset]!.partition;
      return {
        key: o.key?.slice() ?? null,
        value: o.value?.slice() ?? null,
        headers: o.headers.map((h) => ({ key: h.key, value: h.value?.slice() ?? null })),
        timestamp: o.timestamp,
        ...(partition === undefined ? {} : { partition }),
      };
    });
    return { records: produced, errors };
  }

  /** Applies the chain to consumed records; outputs keep the topic, partition and offset of their input. */
  async afterConsume(records: readonly ConsumedRecord[]): Promise<EdgeResult<ConsumedRecord>> {
    const { out, errors } = await this.#apply(records.map((r, index) => ({ offset: index, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers })));
    const consumed = out.map((o): ConsumedRecord => {
      const source = records[o.offset]!;
      return {
        topic: source.topic,
        partition: source.partition,
        offset: source.offset,
        timestamp: o.timestamp,
        key: o.key?.slice() ?? null,
        value: o.value?.slice() ?? null,
        headers: o.headers.map((h) => ({ key: h.key, value: h.value?.slice() ?? null })),
      };
    });
    return { records: consumed, errors };
  }

  close(): Promise<void> {
    return this.chain.close();
  }
}
