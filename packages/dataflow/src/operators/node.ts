import type { OperatorStats } from "../graph/contract.js";

/** A record inside the graph. */
export interface Rec {
  readonly key: string | null;
  /** Event time, ms. */
  readonly time: number;
  readonly value: unknown;
  /** The deterministic output id (`source:partition:offset:i`, `op:key:windowStart`, …). */
  readonly id: string;
}

/** Where a node sends records: the node and the input port they arrive on. */
interface Edge {
  readonly node: Node;
  readonly port: number;
}

/**
 * One node of the graph (a source, an operator or a sink). Records are pushed depth-first; a
 * node's watermark is the minimum of its inputs' (ports ≥ `watermarkPorts`, such as a lookup's
 * table, do not hold it back) and moves downstream only when it rises, after `onWatermark` has
 * emitted what it closes.
 */
export abstract class Node {
  readonly downstream: Edge[] = [];
  /** Sinks that want partial (open window) rows, set by the compiler. */
  readonly partialViews: ViewSinkLike[] = [];
  recordsIn = 0;
  recordsOut = 0;
  lateDropped = 0;
  errors = 0;
  watermark = Number.NEGATIVE_INFINITY;
  inputWatermarks: number[];
  /** Hears why each failed record failed; set only when someone watches the graph (a preview). */
  onError: ((message: string) => void) | null = null;

  constructor(
    readonly id: string,
    readonly kind: string,
    watermarkPorts: number,
  ) {
    this.inputWatermarks = new Array<number>(watermarkPorts).fill(Number.NEGATIVE_INFINITY);
  }

  abstract push(rec: Rec, port: number): void;

  emit(rec: Rec): void {
    this.recordsOut++;
    const downstream = this.downstream;
    for (let i = 0; i < downstream.length; i++) downstream[i]!.node.push(rec, downstream[i]!.port);
  }

  /** Counts a record this node skipped because it failed on it. */
  protected failed(message: string): void {
    this.errors++;
    if (this.onError !== null) this.onError(message);
  }

  /** Sets how many input ports hold the watermark back (the compiler wires `from:` lists and join sides). */
  setWatermarkInputs(count: number): void {
    this.inputWatermarks = new Array<number>(count).fill(Number.NEGATIVE_INFINITY);
  }

  advance(port: number, watermark: number): void {
    const inputs = this.inputWatermarks;
    if (port < 0 || port >= inputs.length || watermark <= inputs[port]!) return;
    inputs[port] = watermark;
    let min = inputs[0]!;
    for (let i = 1; i < inputs.length; i++) if (inputs[i]! < min) min = inputs[i]!;
    if (min <= this.watermark) return;
    this.watermark = min;
    this.onWatermark(min);
    this.forwardWatermark(this.outputWatermark(min));
  }

  protected forwardWatermark(watermark: number): void {
    for (const edge of this.downstream) edge.node.advance(edge.port, watermark);
  }

  /** Emits what the watermark closes. */
  protected onWatermark(_watermark: number): void {}

  /** The watermark downstream sees: windowed operators hold it back by their allowed lateness. */
  protected outputWatermark(watermark: number): number {
    return watermark;
  }

  /** Emits partial rows for what changed since the last flush (views only). */
  flushPartials(): void {}

  stateEntries(): number {
    return 0;
  }

  snapshotState(): unknown {
    return null;
  }

  restoreState(_state: unknown): void {}

  stats(): OperatorStats {
    return {
      id: this.id,
      kind: this.kind,
      recordsIn: this.recordsIn,
      recordsOut: this.recordsOut,
      watermark: Number.isFinite(this.watermark) ? this.watermark : null,
      stateEntries: this.stateEntries(),
      lateDropped: this.lateDropped,
      errors: this.errors,
    };
  }
}

export interface ViewSinkLike {
  partial(key: string, windowStart: number, windowEnd: number, value: Record<string, unknown>): void;
}

/** A view row's or a result's value as an object (non-objects are wrapped as `{ value }`). */
export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}

/** Element i of `s:p:o:0` is `s:p:o:i`; of an element already numbered j, `s:p:o:j.i` (ids stay unique through flatMaps). */
export function elementId(id: string, index: number): string {
  const cut = id.lastIndexOf(":");
  const parent = id.slice(cut + 1);
  return `${id.slice(0, cut)}:${parent === "0" ? "" : `${parent}.`}${index}`;
}
