import type { WindowSpec } from "../spec/index.js";
import { AggregateFields, type FieldSpec } from "../aggregates/index.js";
import { ExpressionError } from "../expressions/index.js";
import { SessionWindows, SlicedWindows, type SlicedState } from "../windows/index.js";
import { Node, type Rec } from "./node.js";

type Slots = unknown[];

export interface AggregateOptions {
  readonly window: WindowSpec;
  readonly allowedLateness: number;
  readonly fields: Record<string, FieldSpec>;
}

/** Tumbling/hopping window size and slide, or null for sessions. */
export function windowShape(window: WindowSpec, allowedLateness: number): { size: number; slide: number; allowedLateness: number } | null {
  if ("tumbling" in window) return { size: window.tumbling.size, slide: window.tumbling.size, allowedLateness };
  if ("hopping" in window) return { size: window.hopping.size, slide: window.hopping.slide, allowedLateness };
  return null;
}

/**
 * A windowed aggregate per group key. Emits, when a window closes, one record per group:
 * `{ key, windowStart, windowEnd, <field>: result, … }` with id `op:key:windowStart` and event time
 * windowEnd - 1. Views attached to it also get partial rows as windows update.
 */
export class AggregateNode extends Node {
  readonly #fields: AggregateFields;
  readonly #sliced: SlicedWindows<Slots> | null;
  readonly #sessions: SessionWindows<Slots> | null;
  readonly #lateness: number;
  /** pane start (or session key marker) → keys updated since the last flush; only when views want partials. */
  #dirty = new Map<number, Set<string>>();
  #dirtySessions = new Set<string>();
  readonly #init = (): Slots => this.#fields.init();
  readonly #merge = (into: Slots, other: Slots): void => this.#fields.merge(into, other);

  constructor(id: string, options: AggregateOptions) {
    super(id, "aggregate", 1);
    this.#fields = new AggregateFields(options.fields);
    this.#lateness = options.allowedLateness;
    const shape = windowShape(options.window, options.allowedLateness);
    this.#sliced = shape === null ? null : new SlicedWindows<Slots>(shape);
    this.#sessions = "session" in options.window ? new SessionWindows<Slots>(options.window.session.gap, options.allowedLateness) : null;
  }

  push(rec: Rec): void {
    this.recordsIn++;
    const sliced = this.#sliced;
    if (sliced !== null && sliced.isLate(rec.time, this.watermark)) {
      this.lateDropped++;
      return;
    }
    try {
      this.#fields.prepare(rec.value, rec.key, rec.time);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.failed(error.message);
      return;
    }
    const key = rec.key ?? "";
    if (sliced !== null) {
      const pane = sliced.paneAt(rec.time);
      let slots = pane.get(key);
      if (slots === undefined) pane.set(key, (slots = this.#fields.init()));
      this.#fields.add(slots);
      if (this.partialViews.length > 0) {
        const paneStart = Math.floor(rec.time / sliced.pane) * sliced.pane;
        let keys = this.#dirty.get(paneStart);
        if (keys === undefined) this.#dirty.set(paneStart, (keys = new Set()));
        keys.add(key);
      }
      return;
    }
    const fields = this.#fields;
    const session = this.#sessions!.sessionFor(key, rec.time, this.watermark, this.#init, this.#merge);
    if (session === null) {
      this.lateDropped++;
      return;
    }
    fields.add(session.state);
    if (this.partialViews.length > 0) this.#dirtySessions.add(key);
  }

  #result(key: string, start: number, end: number, slots: Slots): Record<string, unknown> {
    return this.#fields.results(slots, { key, windowStart: start, windowEnd: end });
  }

  #merged(panes: Map<string, Slots>[]): Map<string, Slots> {
    if (panes.length === 1) return panes[0]!;
    const merged = new Map<string, Slots>();
    for (const pane of panes)
      for (const [key, slots] of pane) {
        let into = merged.get(key);
        if (into === undefined) merged.set(key, (into = this.#fields.init()));
        this.#fields.merge(into, slots);
      }
    return merged;
  }

  protected override onWatermark(watermark: number): void {
    if (this.#sliced !== null) {
      this.#sliced.fire(watermark, (start, end, panes) => {
        for (const [key, slots] of this.#merged(panes)) this.#emitFinal(key, start, end, this.#result(key, start, end, slots));
      });
      return;
    }
    this.#sessions!.fire(watermark, (key, s) => this.#emitFinal(key, s.start, s.last + this.#sessions!.gap, this.#result(key, s.start, s.last + this.#sessions!.gap, s.state)));
  }

  #emitFinal(key: string, start: number, end: number, value: Record<string, unknown>): void {
    this.emit({ key, time: end - 1, value, id: `${this.id}:${key}:${start}` });
  }

  protected override outputWatermark(watermark: number): number {
    return watermark - this.#lateness;
  }

  override flushPartials(): void {
    if (this.partialViews.length === 0) return;
    const sliced = this.#sliced;
    if (sliced !== null) {
      const done = new Set<string>();
      for (const [paneStart, keys] of this.#dirty)
        for (const start of sliced.openWindowsOf(paneStart)) {
          const panes = sliced.panesOf(start);
          for (const key of keys) {
            const marker = `${start}\u0000${key}`;
            if (done.has(marker)) continue;
            done.add(marker);
            const merged = this.#fields.init();
            let seen = false;
            for (const pane of panes) {
              const slots = pane.get(key);
              if (slots === undefined) continue;
              this.#fields.merge(merged, slots);
              seen = true;
            }
            if (seen) for (const view of this.partialViews) view.partial(key, start, start + sliced.shape.size, this.#result(key, start, start + sliced.shape.size, merged));
          }
        }
      this.#dirty.clear();
      return;
    }
    const sessions = this.#sessions!;
    for (const key of this.#dirtySessions)
      for (const s of sessions.sessionsOf(key))
        for (const view of this.partialViews) view.partial(key, s.start, s.last + sessions.gap, this.#result(key, s.start, s.last + sessions.gap, this.#copy(s.state)));
    this.#dirtySessions.clear();
  }

  #copy(slots: Slots): Slots {
    const copy = this.#fields.init();
    this.#fields.merge(copy, slots);
    return copy;
  }

  override stateEntries(): number {
    return this.#sliced?.size() ?? this.#sessions!.size();
  }

  override snapshotState(): unknown {
    const toPlain = (s: Slots) => this.#fields.toPlain(s);
    return this.#sliced !== null ? { sliced: this.#sliced.snapshot(toPlain) } : { sessions: this.#sessions!.snapshot(toPlain) };
  }

  override restoreState(state: unknown): void {
    const fromPlain = (p: unknown) => this.#fields.fromPlain(p as unknown[]);
    const s = state as { sliced?: SlicedState; sessions?: [string, [number, number, unknown][]][] };
    if (this.#sliced !== null && s.sliced !== undefined) this.#sliced.restore(s.sliced, fromPlain);
    if (this.#sessions !== null && s.sessions !== undefined) this.#sessions.restore(s.sessions, fromPlain);
    this.#dirty.clear();
    this.#dirtySessions.clear();
  }
}
