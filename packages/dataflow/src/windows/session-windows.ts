/*
 * Session windows per key: a record opens [time, time + gap); sessions that overlap merge. A
 * session fires once the watermark reaches its last event + gap + allowedLateness. A record is
 * late when, after merging, its session would already have closed (so it can only merge into a
 * session that is still open, never change one that fired).
 */

import { FireQueue } from "./fire-queue.js";

export interface Session<S> {
  start: number;
  /** The last event time in the session; the session ends at last + gap. */
  last: number;
  state: S;
}

export class SessionWindows<S> {
  #sessions = new Map<string, Session<S>[]>();
  /**
   * (fire time, key) for every session change. An entry whose session has since grown or merged
   * is stale: it fires nothing when popped, and the session fires at its own, later entry — so the
   * order of results does not depend on how the queue was built (a restored one has no stale entries).
   */
  #queue = new FireQueue();

  constructor(
    readonly gap: number,
    readonly allowedLateness: number,
  ) {
    if (gap <= 0) throw new Error("a session gap must be positive");
  }

  /**
   * The session a record at `time` for `key` belongs to (merging the sessions it bridges with
   * `merge`), or null when it is late.
   */
  sessionFor(key: string, time: number, watermark: number, init: () => S, merge: (into: S, other: S) => void): Session<S> | null {
    const gap = this.gap;
    let list = this.#sessions.get(key);
    let found: Session<S> | null = null;
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const s = list[i]!;
        if (time < s.last + gap && s.start < time + gap) {
          if (found === null) found = s;
          else {
            merge(found.state, s.state);
            found.start = Math.min(found.start, s.start);
            found.last = Math.max(found.last, s.last);
            list.splice(i--, 1);
          }
        }
      }
    }
    if (found === null) {
      if (time + gap + this.allowedLateness <= watermark) return null;
      found = { start: time, last: time, state: init() };
      if (list === undefined) this.#sessions.set(key, (list = []));
      list.push(found);
    } else {
      found.start = Math.min(found.start, time);
      found.last = Math.max(found.last, time);
    }
    this.#queue.push(found.last + gap + this.allowedLateness, key);
    return found;
  }

  /** Fires the sessions the watermark closes, by fire time then key, and forgets them. */
  fire(watermark: number, onSession: (key: string, session: Session<S>) => void): void {
    const closing = this.gap + this.allowedLateness;
    while (this.#queue.peekTime() <= watermark) {
      const [at, key] = this.#queue.pop();
      const list = this.#sessions.get(key);
      if (list === undefined) continue;
      const index = list.findIndex((s) => s.last + closing === at);
      if (index === -1) continue;
      const [session] = list.splice(index, 1);
      if (list.length === 0) this.#sessions.delete(key);
      onSession(key, session!);
    }
  }

  sessionsOf(key: string): readonly Session<S>[] {
    return this.#sessions.get(key) ?? [];
  }

  size(): number {
    let n = 0;
    for (const list of this.#sessions.values()) n += list.length;
    return n;
  }

  snapshot(toPlain: (state: S) => unknown): [string, [number, number, unknown][]][] {
    return [...this.#sessions].map(([key, list]) => [key, list.map((s) => [s.start, s.last, toPlain(s.state)] as [number, number, unknown])]);
  }

  restore(plain: [string, [number, number, unknown][]][], fromPlain: (plain: unknown) => S): void {
    this.#sessions = new Map(plain.map(([key, list]) => [key, list.map(([start, last, state]) => ({ start, last, state: fromPlain(state) }))]));
    this.#queue = new FireQueue();
    for (const [key, list] of this.#sessions) for (const s of list) this.#queue.push(s.last + this.gap + this.allowedLateness, key);
  }
}
