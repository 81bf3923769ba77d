import type { RouterOutputs } from "@/lib/trpc";

export type ViewRow = RouterOutputs["views"]["query"]["rows"][number];

/** A view's rows as the page keeps them: the latest per (key, window), as the change stream replaces them. */
export function mergeRows(current: ReadonlyMap<string, ViewRow>, updates: readonly ViewRow[]): Map<string, ViewRow> {
  const next = new Map(current);
  for (const row of updates) next.set(`${row.key}\u0000${row.windowStart.toString()}`, row);
  return next;
}

/** Sorted as the process sorts them: by key, then window start. */
export function sortedRows(rows: ReadonlyMap<string, ViewRow>): ViewRow[] {
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.windowStart - b.windowStart));
}

/** The numeric fields of a view's values (what a chart can draw), in first-seen order. */
export function numericFields(rows: readonly ViewRow[]): string[] {
  const fields = new Set<string>();
  for (const row of rows) for (const [field, value] of Object.entries(row.value)) if (typeof value === "number" && field !== "windowStart" && field !== "windowEnd") fields.add(field);
  return [...fields];
}

/** One chart row per window start, one column per key: `field` of each key's row in that window. */
export function chartByKey(rows: readonly ViewRow[], field: string, keys: readonly string[]): Array<{ t: number } & Record<string, number | null>> {
  const byStart = new Map<number, { t: number } & Record<string, number | null>>();
  for (const row of rows) {
    if (!keys.includes(row.key)) continue;
    const point = byStart.get(row.windowStart) ?? { t: row.windowStart };
    const value = row.value[field];
    point[row.key] = typeof value === "number" ? value : null;
    byStart.set(row.windowStart, point);
  }
  return [...byStart.values()].sort((a, b) => a.t - b.t);
}

/** A measure of an entity-as-a-stock row. */
export interface StockMeasure {
  readonly value: number;
  readonly delta: number;
  readonly movingAverage: number;
}

function isMeasure(value: unknown): value is StockMeasure {
  return typeof value === "object" && value !== null && typeof (value as StockMeasure).value === "number" && typeof (value as StockMeasure).delta === "number";
}

/** The measures of stock rows (fields whose value is { value, delta, movingAverage }). */
export function stockMeasures(rows: readonly ViewRow[]): string[] {
  const measures = new Set<string>();
  for (const row of rows) for (const [field, value] of Object.entries(row.value)) if (isMeasure(value)) measures.add(field);
  return [...measures];
}

/** One entity's steps for its chart: each measure's value and delta, and the correlation, per step. */
export function stockSeries(rows: readonly ViewRow[], key: string, measures: readonly string[]): Array<{ t: number } & Record<string, number | null>> {
  return rows
    .filter((row) => row.key === key)
    .sort((a, b) => a.windowStart - b.windowStart)
    .map((row) => {
      const point: { t: number } & Record<string, number | null> = { t: row.windowStart };
      for (const measure of measures) {
        const value = row.value[measure];
        point[measure] = isMeasure(value) ? value.value : null;
        point[`${measure}Delta`] = isMeasure(value) ? value.delta : null;
      }
      const correlation = row.value["correlation"];
      point["correlation"] = typeof correlation === "number" ? correlation : null;
      return point;
    });
}

export interface Mover {
  readonly key: string;
  readonly windowStart: number;
  readonly value: number;
  readonly delta: number;
  readonly movingAverage: number;
  readonly correlation: number | null;
}

/** Each entity's latest step, ranked by the delta of `measure` (largest rise first, then by key). */
export function rankMovers(rows: readonly ViewRow[], measure: string): Mover[] {
  const latest = new Map<string, ViewRow>();
  for (const row of rows) if ((latest.get(row.key)?.windowStart ?? -Infinity) < row.windowStart && isMeasure(row.value[measure])) latest.set(row.key, row);
  return [...latest.values()]
    .map((row) => {
      const m = row.value[measure] as StockMeasure;
      const correlation = row.value["correlation"];
      return { key: row.key, windowStart: row.windowStart, value: m.value, delta: m.delta, movingAverage: m.movingAverage, correlation: typeof correlation === "number" ? correlation : null };
    })
    .sort((a, b) => b.delta - a.delta || (a.key < b.key ? -1 : 1));
}
