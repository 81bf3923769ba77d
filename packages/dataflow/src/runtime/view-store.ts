import type { ViewRow } from "../graph/contract.js";

/** A query of one view: one key, a key range [from, to], and the last N windows per key. */
export interface ViewQuery {
  readonly key?: string;
  readonly from?: string;
  readonly to?: string;
  readonly last?: number;
}

type Listener = (row: ViewRow) => void;

interface View {
  readonly retainWindows: number;
  /** key → its rows by windowStart, ascending. */
  readonly rows: Map<string, ViewRow[]>;
  readonly listeners: Set<Listener>;
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The materialized views of a dataflow, in memory: the latest row per (key, window), the oldest
 * windows of a key dropped past `retainWindows`. Checkpointed with the graph (rows()/load()).
 */
export class ViewStore {
  readonly #views = new Map<string, View>();

  constructor(views: ReadonlyArray<{ readonly name: string; readonly retainWindows: number }>) {
    for (const { name, retainWindows } of views) this.#views.set(name, { retainWindows, rows: new Map(), listeners: new Set() });
  }

  names(): string[] {
    return [...this.#views.keys()];
  }

  has(name: string): boolean {
    return this.#views.has(name);
  }

  apply(row: ViewRow): void {
    const view = this.#views.get(row.view);
    if (view === undefined) return;
    let rows = view.rows.get(row.key);
    if (rows === undefined) view.rows.set(row.key, (rows = []));
    // Updates almost always hit the newest windows: search from the end.
    let at = rows.length - 1;
    while (at >= 0 && rows[at]!.windowStart > row.windowStart) at--;
    if (at >= 0 && rows[at]!.windowStart === row.windowStart) rows[at] = row;
    else {
      rows.splice(at + 1, 0, row);
      if (rows.length > view.retainWindows) rows.splice(0, rows.length - view.retainWindows);
    }
    for (const listener of view.listeners) listener(row);
  }

  count(name: string): number {
    let total = 0;
    for (const rows of this.#views.get(name)?.rows.values() ?? []) total += rows.length;
    return total;
  }

  /** Rows sorted by key then windowStart; undefined for an unknown view. */
  query(name: string, query: ViewQuery = {}): ViewRow[] | undefined {
    const view = this.#views.get(name);
    if (view === undefined) return undefined;
    const keys =
      query.key !== undefined
        ? view.rows.has(query.key)
          ? [query.key]
          : []
        : [...view.rows.keys()].filter((k) => (query.from === undefined || k >= query.from) && (query.to === undefined || k <= query.to)).sort(byKey);
    return keys.flatMap((key) => {
      const rows = view.rows.get(key)!;
      return query.last === undefined ? rows : rows.slice(Math.max(0, rows.length - query.last));
    });
  }

  /** Calls `listener` on each later update of `name`; returns the unsubscribe. */
  subscribe(name: string, listener: Listener): () => void {
    const view = this.#views.get(name);
    if (view === undefined) return () => undefined;
    view.listeners.add(listener);
    return () => view.listeners.delete(listener);
  }

  /** Every row of every view (what a checkpoint keeps). */
  rows(): ViewRow[] {
    return [...this.#views.values()].flatMap((view) => [...view.rows.values()].flat());
  }

  /** Replaces the rows with a checkpoint's. */
  load(rows: readonly ViewRow[]): void {
    for (const view of this.#views.values()) view.rows.clear();
    for (const row of rows) {
      const view = this.#views.get(row.view);
      if (view === undefined) continue;
      const list = view.rows.get(row.key);
      if (list === undefined) view.rows.set(row.key, [row]);
      else list.push(row);
    }
    for (const view of this.#views.values()) for (const list of view.rows.values()) list.sort((a, b) => a.windowStart - b.windowStart);
  }
}
