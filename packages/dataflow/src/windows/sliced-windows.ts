/*
 * Tumbling and hopping windows by slicing: time is cut into panes of gcd(size, slide) ms, a record
 * updates the state of its one pane, and a window's result merges the size/pane panes it covers
 * when it fires. Work per record is constant whatever the size/slide ratio. Windows start at
 * multiples of `slide` from the epoch; [start, start + size) fires once the watermark reaches
 * start + size + allowedLateness.
 */

export interface WindowShape {
  readonly size: number;
  readonly slide: number;
  readonly allowedLateness: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export interface SlicedState {
  readonly panes: [number, [string, unknown][]][];
  readonly nextFire: number;
}

export class SlicedWindows<S> {
  readonly pane: number;
  /** pane start → group key → state */
  #panes = new Map<number, Map<string, S>>();
  /** Pane starts in ascending order (records arrive mostly in order, so inserts are at the end). */
  #starts: number[] = [];
  /** Windows starting before this have fired. */
  #nextFire = Number.NEGATIVE_INFINITY;
  #lastPaneStart = Number.NaN;
  #lastPane: Map<string, S> | undefined;

  constructor(readonly shape: WindowShape) {
    if (shape.size <= 0 || shape.slide <= 0) throw new Error("window size and slide must be positive");
    if (shape.slide > shape.size) throw new Error("a hopping window's slide must not exceed its size");
    this.pane = gcd(shape.size, shape.slide);
  }

  /** True when every window holding `time` has closed at this watermark (the record is late). */
  isLate(time: number, watermark: number): boolean {
    const lastStart = Math.floor(time / this.shape.slide) * this.shape.slide;
    return lastStart + this.shape.size + this.shape.allowedLateness <= watermark || lastStart < this.#nextFire;
  }

  /** The pane holding `time`: group key → state. */
  paneAt(time: number): Map<string, S> {
    const start = Math.floor(time / this.pane) * this.pane;
    if (start === this.#lastPaneStart) return this.#lastPane!;
    let pane = this.#panes.get(start);
    if (pane === undefined) {
      pane = new Map();
      this.#panes.set(start, pane);
      this.#insertStart(start);
    }
    this.#lastPaneStart = start;
    this.#lastPane = pane;
    return pane;
  }

  #insertStart(start: number): void {
    const starts = this.#starts;
    let i = starts.length;
    while (i > 0 && starts[i - 1]! > start) i--;
    starts.splice(i, 0, start);
  }

  /** Window starts (not yet fired) whose window holds the pane starting at `paneStart`. */
  openWindowsOf(paneStart: number): number[] {
    const { size, slide } = this.shape;
    const out: number[] = [];
    for (let s = Math.floor(paneStart / slide) * slide; s > paneStart - size; s -= slide) if (s >= this.#nextFire) out.push(s);
    return out.reverse();
  }

  /** Panes covered by the window starting at `start`, in time order. */
  panesOf(start: number): Map<string, S>[] {
    const out: Map<string, S>[] = [];
    for (let p = start; p < start + this.shape.size; p += this.pane) {
      const pane = this.#panes.get(p);
      if (pane !== undefined) out.push(pane);
    }
    return out;
  }

  /** Fires every window the watermark closes, oldest first, then forgets panes no open window needs. */
  fire(watermark: number, onWindow: (start: number, end: number, panes: Map<string, S>[]) => void): void {
    const { size, slide, allowedLateness } = this.shape;
    while (this.#starts.length > 0) {
      const firstPane = this.#starts[0]!;
      const firstWindow = Math.floor((firstPane - size) / slide + 1) * slide;
      const start = Math.max(this.#nextFire, firstWindow);
      if (start + size + allowedLateness > watermark) break;
      const panes = this.panesOf(start);
      if (panes.length > 0) onWindow(start, start + size, panes);
      this.#nextFire = start + slide;
      while (this.#starts.length > 0 && this.#starts[0]! < this.#nextFire) {
        const evicted = this.#starts.shift()!;
        this.#panes.delete(evicted);
        if (evicted === this.#lastPaneStart) {
          this.#lastPaneStart = Number.NaN;
          this.#lastPane = undefined;
        }
      }
    }
  }

  /** Group × pane entries held. */
  size(): number {
    let n = 0;
    for (const pane of this.#panes.values()) n += pane.size;
    return n;
  }

  snapshot(toPlain: (state: S) => unknown): SlicedState {
    return { panes: [...this.#panes].map(([start, pane]) => [start, [...pane].map(([k, s]) => [k, toPlain(s)] as [string, unknown])]), nextFire: this.#nextFire };
  }

  restore(state: SlicedState, fromPlain: (plain: unknown) => S): void {
    this.#panes = new Map(state.panes.map(([start, pane]) => [start, new Map(pane.map(([k, p]) => [k, fromPlain(p)]))]));
    this.#starts = [...this.#panes.keys()].sort((a, b) => a - b);
    this.#nextFire = state.nextFire;
    this.#lastPaneStart = Number.NaN;
    this.#lastPane = undefined;
  }
}
