import { deserialize, serialize } from "node:v8";
import type { DataflowGraph, DataflowInput, DataflowOutput, OperatorStats } from "../../graph/contract.js";

interface Held {
  readonly id: string;
  readonly key: string | null;
  readonly n: number;
}

/**
 * A stand-in for a graph whose results wait on processing time (an idle timeout closing a
 * window): records are held, in its state, until it has lived `holdMs`, then passed to the sink
 * `sink` (id `source:partition:offset:0`) on tick.
 */
export class HoldingGraph implements DataflowGraph {
  readonly #sink: string;
  readonly #releaseAt: number;
  #held: Held[] = [];
  #outputs: DataflowOutput[] = [];
  #recordsIn = 0;

  constructor(sink: string, holdMs: number) {
    this.#sink = sink;
    this.#releaseAt = Date.now() + holdMs;
  }

  assignPartitions(): void {}

  process(inputs: readonly DataflowInput[]): Promise<void> {
    for (const input of inputs) {
      this.#recordsIn++;
      this.#held.push({ id: `${input.source}:${input.partition.toString()}:${input.offset.toString()}:0`, key: null, n: Number(input.offset) });
    }
    return Promise.resolve();
  }

  tick(nowMs: number): void {
    if (nowMs < this.#releaseAt) return;
    for (const held of this.#held) this.#outputs.push({ sink: this.#sink, id: held.id, key: held.key, value: { n: held.n }, timestamp: 0 });
    this.#held = [];
  }

  drain(): { outputs: DataflowOutput[]; views: [] } {
    const outputs = this.#outputs;
    this.#outputs = [];
    return { outputs, views: [] };
  }

  snapshot(): Uint8Array {
    return serialize(this.#held);
  }

  restore(snapshot: Uint8Array): void {
    this.#held = deserialize(snapshot) as Held[];
  }

  stats(): OperatorStats[] {
    return [{ id: "hold", kind: "test", recordsIn: this.#recordsIn, recordsOut: 0, watermark: null, stateEntries: this.#held.length, lateDropped: 0, errors: 0 }];
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
