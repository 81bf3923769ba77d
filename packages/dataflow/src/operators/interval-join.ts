import { Node, type Rec } from "./node.js";
import { TimeHeap } from "./time-heap.js";

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
  /** Set once the watermark evicted it; it may still sit in its key's buffer until compaction. */
  evicted: boolean;
}

/**
 * One key's buffered records of one side, in arrival order (the order matches are emitted in).
 * Evicted entries leave from the front by moving `head`; ones evicted behind a live entry stay,
 * flagged, until they outnumber the live ones and the buffer is compacted: amortized O(1) per
 * eviction, never an O(n) shift.
 */
class KeyBuffer {
  items: Buffered[] = [];
  head = 0;
  live = 0;

  push(entry: Buffered): void {
    this.items.push(entry);
    this.live++;
  }

  evicted(): void {
    this.live--;
    const items = this.items;
    while (this.head < items.length && items[this.head]!.evicted) this.head++;
    const dead = items.length - this.live;
    if (dead > 16 && dead > this.live) {
      this.items = items.slice(this.head).filter((e) => !e.evicted);
      this.head = 0;
    }
  }
}

/** One side's records: per key for matching, in one time-ordered heap for eviction. */
class Side {
  readonly keys = new Map<string, KeyBuffer>();
  readonly heap = new TimeHeap<Buffered>();

  add(entry: Buffered): void {
    let buffer = this.keys.get(entry.key);
    if (buffer === undefined) this.keys.set(entry.key, (buffer = new KeyBuffer()));
    buffer.push(entry);
    this.heap.push(entry);
  }

  /** Evicts every entry with time < `bound`, earliest first, whatever the arrival order. */
  evictBefore(bound: number): void {
    this.heap.evictBefore(bound, (e) => {
      e.evicted = true;
      const buffer = this.keys.get(e.key)!;
      if (buffer.live === 1) this.keys.delete(e.key);
      else buffer.evicted();
    });
  }

  /** The live entries, each key's in arrival order. */
  entries(): Buffered[] {
    const out: Buffered[] = [];
    for (const buffer of this.keys.values())
      for (let i = buffer.head; i < buffer.items.length; i++) {
        const e = buffer.items[i]!;
        if (!e.evicted) out.push(e);
      }
    return out;
  }
}

/**
 * Interval join on the key: right r joins left l when l.time - before ≤ r.time ≤ l.time + after.
 * Emits `{ <as.left>: leftValue, <as.right>: rightValue }` with id `op:leftId|rightId` at the later
 * of the two event times. A record older than the watermark is late (dropped, counted); buffered
 * records leave once no in-bound record can match them (left: time + after < watermark, right:
 * time + before < watermark). Each side is evicted in event-time order on its own, so one side
 * read far ahead of the other never holds the other's expired records in state.
 */
export class IntervalJoinNode extends Node {
  /** Set by the compiler: the port the right stream arrives on (the ports before it are left). */
  rightPort = 1;
  readonly #before: number;
  readonly #after: number;
  readonly #asLeft: string;
  readonly #asRight: string;
  #left = new Side();
  #right = new Side();

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
    const others = (right ? this.#left : this.#right).keys.get(key);
    if (others !== undefined) {
      const items = others.items;
      for (let i = others.head; i < items.length; i++) {
        const other = items[i]!;
        // An evicted entry can match no in-bound record: skipping it changes no output.
        if (other.evicted) continue;
        const [l, r] = right ? [other, rec] : [rec, other];
        if (l.time - this.#before <= r.time && r.time <= l.time + this.#after)
          this.emit({ key: rec.key, time: Math.max(l.time, r.time), value: { [this.#asLeft]: l.value, [this.#asRight]: r.value }, id: `${this.id}:${l.id}|${r.id}` });
      }
    }
    (right ? this.#right : this.#left).add({ key, time: rec.time, value: rec.value, id: rec.id, right, evicted: false });
  }

  protected override onWatermark(watermark: number): void {
    // left expires when time + after < watermark, right when time + before < watermark.
    this.#left.evictBefore(watermark - this.#after);
    this.#right.evictBefore(watermark - this.#before);
  }

  override stateEntries(): number {
    return this.#left.heap.size + this.#right.heap.size;
  }

  /** The live entries as plain records, each side's keys in arrival order (the format before per-side eviction, too). */
  override snapshotState(): unknown {
    return [...this.#left.entries(), ...this.#right.entries()].map(({ key, time, value, id, right }) => ({ key, time, value, id, right }));
  }

  override restoreState(state: unknown): void {
    this.#left = new Side();
    this.#right = new Side();
    for (const { key, time, value, id, right } of state as Omit<Buffered, "evicted">[]) (right ? this.#right : this.#left).add({ key, time, value, id, right, evicted: false });
  }
}
