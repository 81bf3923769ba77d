import type { WindowSpec } from "../spec/index.js";
import { compileExpression, ExpressionError, type Expression } from "../expressions/index.js";
import { SlicedWindows, type SlicedState } from "../windows/index.js";
import { windowShape } from "./aggregate.js";
import { asObject, Node, type Rec } from "./node.js";

export interface TopNOptions {
  readonly n: number;
  readonly by: string;
  readonly order: "desc" | "asc";
  readonly window?: WindowSpec | undefined;
  readonly allowedLateness: number;
}

/** State holds plain records: a source's record builds its id lazily, and snapshots must be data. */
function plainCopy([rank, rec]: Entry): Entry {
  return [rank, { key: rec.key, time: rec.time, value: rec.value, id: rec.id }];
}

/** A candidate: its ranking value and the record. */
type Entry = [rank: number | string, rec: Rec];

interface Bucket {
  readonly start: number;
  readonly end: number;
  top: Entry[];
}

/**
 * The n best records per window by `by` (ties: key, event time, then id, ascending). Over an aggregate's output
 * (no `window:`) the windows are the rows' own windowStart/windowEnd; with `window:` it windows raw
 * records itself. When a window closes it emits each ranked row plus `rank` (1-based) — raw rows
 * also get windowStart and windowEnd — with id `op:windowStart:rank` at event time windowEnd - 1.
 */
export class TopNNode extends Node {
  readonly #n: number;
  readonly #by: Expression;
  readonly #sign: number;
  readonly #lateness: number;
  readonly #sliced: SlicedWindows<Entry[]> | null;
  /** windowStart → bucket, for rows that carry their window. */
  #buckets = new Map<number, Bucket>();

  constructor(id: string, options: TopNOptions) {
    super(id, "topN", 1);
    this.#n = options.n;
    this.#by = compileExpression(options.by);
    this.#sign = options.order === "desc" ? -1 : 1;
    this.#lateness = options.allowedLateness;
    if (options.window !== undefined && "session" in options.window) throw new Error("Top-N needs a tumbling or hopping window");
    const shape = options.window === undefined ? null : windowShape(options.window, options.allowedLateness);
    this.#sliced = shape === null ? null : new SlicedWindows<Entry[]>(shape);
  }

  #compare = (a: Entry, b: Entry): number => {
    if (a[0] !== b[0]) return (a[0] < b[0] ? -1 : 1) * this.#sign;
    const ka = a[1].key ?? "";
    const kb = b[1].key ?? "";
    if (ka !== kb) return ka < kb ? -1 : 1;
    // Earlier first, so ties do not depend on arrival (ids carry offsets); the id last, for a total order.
    if (a[1].time !== b[1].time) return a[1].time - b[1].time;
    return a[1].id < b[1].id ? -1 : a[1].id > b[1].id ? 1 : 0;
  };

  /** Inserts in rank order, keeping n; `copy` makes the stored entry (called only if it gets in). */
  #insert(top: Entry[], entry: Entry, copy: (entry: Entry) => Entry = (e) => e): void {
    let i = top.length;
    while (i > 0 && this.#compare(entry, top[i - 1]!) < 0) i--;
    if (i >= this.#n) return;
    top.splice(i, 0, copy(entry));
    if (top.length > this.#n) top.pop();
  }

  push(rec: Rec): void {
    this.recordsIn++;
    let rank: unknown;
    try {
      rank = this.#by.evaluate(rec.value, rec.key, rec.time);
      if (typeof rank !== "number" && typeof rank !== "string") throw new ExpressionError(`${this.#by.text}: expected a number or a string`);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.failed(error.message);
      return;
    }
    const entry: Entry = [rank, rec];
    const sliced = this.#sliced;
    if (sliced !== null) {
      if (sliced.isLate(rec.time, this.watermark)) {
        this.lateDropped++;
        return;
      }
      const pane = sliced.paneAt(rec.time);
      let top = pane.get("");
      if (top === undefined) pane.set("", (top = []));
      this.#insert(top, entry, plainCopy);
      return;
    }
    const value = asObject(rec.value);
    const start = value.windowStart;
    const end = value.windowEnd;
    if (typeof start !== "number" || typeof end !== "number") {
      this.failed("expected a window result (windowStart and windowEnd numbers)");
      return;
    }
    if (end + this.#lateness <= this.watermark) {
      this.lateDropped++;
      return;
    }
    let bucket = this.#buckets.get(start);
    if (bucket === undefined) this.#buckets.set(start, (bucket = { start, end, top: [] }));
    this.#insert(bucket.top, entry, plainCopy);
  }

  protected override onWatermark(watermark: number): void {
    if (this.#sliced !== null) {
      this.#sliced.fire(watermark, (start, end, panes) => {
        const top: Entry[] = [];
        for (const pane of panes) for (const entry of pane.get("") ?? []) this.#insert(top, entry);
        this.#emitRanked(start, end, top, true);
      });
      return;
    }
    const closed = [...this.#buckets.values()].filter((b) => b.end + this.#lateness <= watermark).sort((a, b) => a.start - b.start);
    for (const bucket of closed) {
      this.#buckets.delete(bucket.start);
      this.#emitRanked(bucket.start, bucket.end, bucket.top, false);
    }
  }

  #emitRanked(start: number, end: number, top: Entry[], addWindow: boolean): void {
    top.forEach(([, rec], i) => {
      const row = addWindow ? { ...asObject(rec.value), windowStart: start, windowEnd: end, rank: i + 1 } : { ...asObject(rec.value), rank: i + 1 };
      this.emit({ key: rec.key, time: end - 1, value: row, id: `${this.id}:${start}:${i + 1}` });
    });
  }

  protected override outputWatermark(watermark: number): number {
    return watermark - this.#lateness;
  }

  override stateEntries(): number {
    let n = 0;
    for (const b of this.#buckets.values()) n += b.top.length;
    return n + (this.#sliced?.size() ?? 0);
  }

  override snapshotState(): unknown {
    return { buckets: [...this.#buckets.values()], sliced: this.#sliced?.snapshot((s) => s) ?? null };
  }

  override restoreState(state: unknown): void {
    const s = state as { buckets: Bucket[]; sliced: SlicedState | null };
    this.#buckets = new Map(s.buckets.map((b) => [b.start, b]));
    if (this.#sliced !== null && s.sliced !== null) this.#sliced.restore(s.sliced, (p) => p as Entry[]);
  }
}
