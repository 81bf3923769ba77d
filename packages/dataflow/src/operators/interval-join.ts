import { ArrivalQueue } from "./arrival-queue.js";
import { Node, type Rec } from "./node.js";

export interface IntervalJoinOptions {
  readonly right: string;
  readonly within: { readonly before: number; readonly after: number };
  readonly as: { readonly left: string; readonly right: string };
}

interface Buffered {
  readonly key: string;
  readonly time: number;
  readonly value: unknown;
  readonly id: string;
  readonly right: boolean;
}

/**
 * Interval join on the key: right r joins left l when l.time - before ≤ r.time ≤ l.time + after.
 * Emits `{ <as.left>: leftValue, <as.right>: rightValue }` with id `op:leftId|rightId` at the later
 * of the two event times. A record older than the watermark is late (dropped, counted); buffered
 * records leave once no in-bound record can match them (left: time + after < watermark, right:
 * time + before < watermark).
 */
export class IntervalJoinNode extends Node {
  /** Set by the compiler: the port the right stream arrives on (the ports before it are left). */
  rightPort = 1;
  readonly #before: number;
  readonly #after: number;
  readonly #asLeft: string;
  readonly #asRight: string;
  #left = new Map<string, Buffered[]>();
  #right = new Map<string, Buffered[]>();
  #queue = new ArrivalQueue<Buffered>();

  constructor(id: string, options: IntervalJoinOptions) {
    super(id, "intervalJoin", 2);
    this.#before = options.within.before;
    this.#after = options.within.after;
    this.#asLeft = options.as.left;
    this.#asRight = options.as.right;
  }

  push(rec: Rec, port: number): void {
    this.recordsIn++;
    if (rec.time < this.watermark) {
      this.lateDropped++;
      return;
    }
    const key = rec.key ?? "";
    const right = port === this.rightPort;
    const others = (right ? this.#left : this.#right).get(key);
    if (others !== undefined)
      for (const other of others) {
        const [l, r] = right ? [other, rec] : [rec, other];
        if (l.time - this.#before <= r.time && r.time <= l.time + this.#after)
          this.emit({ key: rec.key, time: Math.max(l.time, r.time), value: { [this.#asLeft]: l.value, [this.#asRight]: r.value }, id: `${this.id}:${l.id}|${r.id}` });
      }
    const entry: Buffered = { key, time: rec.time, value: rec.value, id: rec.id, right };
    const side = right ? this.#right : this.#left;
    const list = side.get(key);
    if (list === undefined) side.set(key, [entry]);
    else list.push(entry);
    this.#queue.push(entry);
  }

  protected override onWatermark(watermark: number): void {
    this.#queue.evictWhile(
      (e) => (e.right ? e.time + this.#before : e.time + this.#after) < watermark,
      (e) => {
        const side = e.right ? this.#right : this.#left;
        const list = side.get(e.key)!;
        // Per key, entries sit in arrival order too, so the evicted one is the first.
        list.shift();
        if (list.length === 0) side.delete(e.key);
      },
    );
  }

  override stateEntries(): number {
    return this.#queue.size;
  }

  override snapshotState(): unknown {
    return this.#queue.toArray();
  }

  override restoreState(state: unknown): void {
    const entries = state as Buffered[];
    this.#left = new Map();
    this.#right = new Map();
    for (const e of entries) {
      const side = e.right ? this.#right : this.#left;
      const list = side.get(e.key);
      if (list === undefined) side.set(e.key, [e]);
      else list.push(e);
    }
    this.#queue = ArrivalQueue.from([...entries]);
  }
}
