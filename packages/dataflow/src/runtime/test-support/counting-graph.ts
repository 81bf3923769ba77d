import { deserialize, serialize } from "node:v8";
import type { DataflowGraph, DataflowInput, DataflowOutput, OperatorStats, ViewRow } from "../../graph/contract.js";
import type { DataflowSpec } from "../../spec/dataflow-spec.js";

const decoder = new TextDecoder();

/**
 * A stand-in for the core: every record passes to every topic sink (id `source:partition:offset:0`,
 * value = the parsed JSON plus `count`, its key's running count), and every view gets a row per key
 * with the running count. Deterministic and snapshot-able, like the real graph.
 */
export class CountingGraph implements DataflowGraph {
  readonly #topicSinks: string[];
  readonly #viewSinks: string[];
  #counts = new Map<string, number>();
  #recordsIn = 0;
  #outputs: DataflowOutput[] = [];
  #views: ViewRow[] = [];

  constructor(spec: DataflowSpec) {
    this.#topicSinks = Object.entries(spec.sinks).flatMap(([name, sink]) => (sink.topic === undefined ? [] : [name]));
    this.#viewSinks = Object.entries(spec.sinks).flatMap(([name, sink]) => (sink.view === undefined ? [] : [name]));
  }

  assignPartitions(): void {}

  process(inputs: readonly DataflowInput[]): Promise<void> {
    for (const input of inputs) {
      this.#recordsIn++;
      const value = input.value === null ? null : (JSON.parse(decoder.decode(input.value)) as Record<string, unknown>);
      const key = input.key === null ? "" : decoder.decode(input.key);
      const count = (this.#counts.get(key) ?? 0) + 1;
      this.#counts.set(key, count);
      const id = `${input.source}:${input.partition.toString()}:${input.offset.toString()}:0`;
      for (const sink of this.#topicSinks) this.#outputs.push({ sink, id, key, value: { ...value, count }, timestamp: input.timestamp });
      for (const view of this.#viewSinks) this.#views.push({ view, key, windowStart: 0, windowEnd: 0, value: { count }, closed: false });
    }
    return Promise.resolve();
  }

  tick(): void {}

  drain(): { outputs: DataflowOutput[]; views: ViewRow[] } {
    const drained = { outputs: this.#outputs, views: this.#views };
    this.#outputs = [];
    this.#views = [];
    return drained;
  }

  snapshot(): Uint8Array {
    return serialize({ counts: [...this.#counts], recordsIn: this.#recordsIn });
  }

  restore(snapshot: Uint8Array): void {
    const state = deserialize(snapshot) as { counts: Array<[string, number]>; recordsIn: number };
    this.#counts = new Map(state.counts);
    this.#recordsIn = state.recordsIn;
  }

  stats(): OperatorStats[] {
    return [{ id: "count", kind: "test", recordsIn: this.#recordsIn, recordsOut: this.#recordsIn, watermark: null, stateEntries: this.#counts.size, lateDropped: 0, errors: 0 }];
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
