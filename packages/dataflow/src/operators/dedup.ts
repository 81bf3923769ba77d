import { ArrivalQueue } from "./arrival-queue.js";
import { Node, type Rec } from "./node.js";

/**
 * Drops a record when a record with the same key was kept less than `within` ms of event time
 * away; keeps (and passes) it otherwise. A record more than `within` behind the watermark is late.
 */
export class DedupNode extends Node {
  #kept = new Map<string, number>();
  #queue = new ArrivalQueue<[string, number]>();

  constructor(
    id: string,
    readonly within: number,
  ) {
    super(id, "dedup", 1);
  }

  push(rec: Rec): void {
    this.recordsIn++;
    if (rec.time + this.within < this.watermark) {
      this.lateDropped++;
      return;
    }
    const key = rec.key ?? "";
    const kept = this.#kept.get(key);
    if (kept !== undefined && Math.abs(rec.time - kept) < this.within) return;
    this.#kept.set(key, rec.time);
    this.#queue.push([key, rec.time]);
    this.emit(rec);
  }

  protected override onWatermark(watermark: number): void {
    this.#queue.evictWhile(
      ([, time]) => time + this.within < watermark,
      ([key, time]) => {
        if (this.#kept.get(key) === time) this.#kept.delete(key);
      },
    );
  }

  override stateEntries(): number {
    return this.#kept.size;
  }

  override snapshotState(): unknown {
    return { kept: this.#kept, queue: this.#queue.toArray() };
  }

  override restoreState(state: unknown): void {
    const s = state as { kept: Map<string, number>; queue: [string, number][] };
    this.#kept = new Map(s.kept);
    this.#queue = ArrivalQueue.from([...s.queue]);
  }
}
