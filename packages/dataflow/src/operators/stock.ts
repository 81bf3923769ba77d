import { compileExpression, ExpressionError, isTrue, type Expression } from "../expressions/index.js";
import { SlicedWindows, type SlicedState } from "../windows/index.js";
import { Node, type Rec } from "./node.js";

export interface StockOptions {
  readonly step: number;
  readonly measures: Record<string, { count: true | string } | { sum: string }>;
  readonly movingAverage: number;
  readonly correlate?: [string, string] | undefined;
  readonly correlationSteps: number;
  readonly allowedLateness: number;
}

interface Measure {
  readonly name: string;
  readonly sum: boolean;
  readonly expression: Expression | null;
}

/** An entity's recent steps: step start → measure values, oldest first, and its first step. */
interface History {
  first: number;
  steps: [number, number[]][];
}

/**
 * "Entity as a stock": per entity key and step (a tumbling window), each measure's value (count or
 * sum), its delta against the previous step, its moving average over `movingAverage` steps and the
 * rolling Pearson correlation of the two `correlate` measures over `correlationSteps` steps. Steps
 * without facts count as 0 (from the entity's first step on); a step without facts emits no row.
 * Emits `{ key, windowStart, windowEnd, <measure>: { value, delta, movingAverage }, …, correlation }`
 * (correlation null when undefined: too few steps, no variance, or no `correlate`).
 */
export class StockNode extends Node {
  readonly #measures: Measure[];
  readonly #inputs: number[];
  readonly #sliced: SlicedWindows<number[]>;
  readonly #options: StockOptions;
  readonly #correlate: [number, number] | null;
  readonly #keep: number;
  #history = new Map<string, History>();
  /** step start → entities updated since the last flush; only when views want partial rows. */
  #dirty = new Map<number, Set<string>>();

  constructor(id: string, options: StockOptions) {
    super(id, "stock", 1);
    this.#options = options;
    this.#measures = Object.entries(options.measures).map(([name, m]) => {
      if ("sum" in m) return { name, sum: true, expression: compileExpression(m.sum) };
      return { name, sum: false, expression: m.count === true ? null : compileExpression(m.count) };
    });
    this.#inputs = new Array<number>(this.#measures.length).fill(0);
    this.#sliced = new SlicedWindows<number[]>({ size: options.step, slide: options.step, allowedLateness: options.allowedLateness });
    const names = this.#measures.map((m) => m.name);
    if (options.correlate !== undefined) {
      const [a, b] = options.correlate.map((name) => names.indexOf(name));
      if (a === -1 || b === -1) throw new Error(`correlate names measures ${names.join(", ")} only`);
      this.#correlate = [a!, b!];
    } else this.#correlate = null;
    this.#keep = Math.max(options.movingAverage, options.correlationSteps, 2);
  }

  push(rec: Rec): void {
    this.recordsIn++;
    if (this.#sliced.isLate(rec.time, this.watermark)) {
      this.lateDropped++;
      return;
    }
    const measures = this.#measures;
    try {
      for (let i = 0; i < measures.length; i++) {
        const m = measures[i]!;
        const result = m.expression === null ? true : m.expression.evaluate(rec.value, rec.key, rec.time);
        if (m.sum) {
          if (typeof result !== "number" || !Number.isFinite(result)) throw new ExpressionError(`${m.name}: expected a number`);
          this.#inputs[i] = result;
        } else this.#inputs[i] = isTrue(result) ? 1 : 0;
      }
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.failed(error.message);
      return;
    }
    const pane = this.#sliced.paneAt(rec.time);
    const key = rec.key ?? "";
    let values = pane.get(key);
    if (values === undefined) pane.set(key, (values = new Array<number>(measures.length).fill(0)));
    for (let i = 0; i < measures.length; i++) values[i]! += this.#inputs[i]!;
    if (this.partialViews.length > 0) {
      const start = Math.floor(rec.time / this.#options.step) * this.#options.step;
      let keys = this.#dirty.get(start);
      if (keys === undefined) this.#dirty.set(start, (keys = new Set()));
      keys.add(key);
    }
  }

  protected override onWatermark(watermark: number): void {
    this.#sliced.fire(watermark, (start, end, panes) => {
      for (const [key, values] of panes[0]!) this.#emitStep(key, start, end, values);
      this.#forgetQuiet(start);
    });
  }

  #emitStep(key: string, start: number, end: number, values: number[]): void {
    let history = this.#history.get(key);
    if (history === undefined) this.#history.set(key, (history = { first: start, steps: [] }));
    const row = this.#row(key, start, end, values, history);
    history.steps.push([start, values]);
    while (history.steps.length > 0 && history.steps[0]![0] <= start - this.#keep * this.#options.step) history.steps.shift();
    this.emit({ key, time: end - 1, value: row, id: `${this.id}:${key}:${start}` });
  }

  /** The row of a step given the entity's closed steps before it (none for a new entity). */
  #row(key: string, start: number, end: number, values: number[], history: History = { first: start, steps: [] }): Record<string, unknown> {
    const step = this.#options.step;
    const valueAt = (s: number, m: number): number => {
      for (let i = history.steps.length - 1; i >= 0; i--) {
        const [at, v] = history.steps[i]!;
        if (at === s) return v[m]!;
        if (at < s) break;
      }
      return 0;
    };
    const series = (m: number, count: number): number[] => {
      const out: number[] = [];
      for (let s = Math.max(history.first, start - (count - 1) * step); s < start; s += step) out.push(valueAt(s, m));
      out.push(values[m]!);
      return out;
    };
    const row: Record<string, unknown> = { key, windowStart: start, windowEnd: end };
    this.#measures.forEach((m, i) => {
      const recent = series(i, this.#options.movingAverage);
      const previous = start - step >= history.first ? valueAt(start - step, i) : 0;
      row[m.name] = { value: values[i]!, delta: values[i]! - previous, movingAverage: recent.reduce((a, b) => a + b, 0) / recent.length };
    });
    row.correlation = this.#correlate === null ? null : pearson(series(this.#correlate[0], this.#options.correlationSteps), series(this.#correlate[1], this.#options.correlationSteps));
    return row;
  }

  /** Partial rows for views: the open steps updated since the last flush, against the closed steps before them. */
  override flushPartials(): void {
    if (this.partialViews.length === 0) return;
    for (const [start, keys] of this.#dirty) {
      if (!this.#sliced.openWindowsOf(start).includes(start)) continue;
      const pane = this.#sliced.panesOf(start)[0];
      if (pane === undefined) continue;
      for (const key of keys) {
        const values = pane.get(key);
        if (values === undefined) continue;
        const row = this.#row(key, start, start + this.#options.step, values, this.#history.get(key));
        for (const view of this.partialViews) view.partial(key, start, start + this.#options.step, row);
      }
    }
    this.#dirty.clear();
  }

  /** Entities quiet for longer than any window looks back start from scratch (their history is all zeros). */
  #forgetQuiet(start: number): void {
    const horizon = start - this.#keep * this.#options.step;
    for (const [key, history] of this.#history) {
      const last = history.steps[history.steps.length - 1];
      if (last === undefined || last[0] <= horizon) this.#history.delete(key);
    }
  }

  protected override outputWatermark(watermark: number): number {
    return watermark - this.#options.allowedLateness;
  }

  override stateEntries(): number {
    return this.#sliced.size() + this.#history.size;
  }

  override snapshotState(): unknown {
    return { sliced: this.#sliced.snapshot((v) => v), history: this.#history };
  }

  override restoreState(state: unknown): void {
    const s = state as { sliced: SlicedState; history: Map<string, History> };
    this.#sliced.restore(s.sliced, (p) => p as number[]);
    this.#history = new Map(s.history);
    this.#dirty.clear();
  }
}

/** Pearson correlation, or null with fewer than 2 points or no variance. */
export function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}
