import type { DataflowStatusView, ViewRows } from "../cloud/api-client.js";
import { formatTable } from "../output/table.js";

/** `dataflow "hot-items" on cluster "main": Running`, and why when it failed. */
export function dataflowStatusLine(dataflow: Pick<DataflowStatusView, "name" | "status" | "statusReason">, clusterName: string): string {
  const why = dataflow.statusReason === null ? "" : ` — ${dataflow.statusReason}`;
  return `dataflow "${dataflow.name}" on cluster "${clusterName}": ${dataflow.status}${why}\n`;
}

function time(ms: number | null): string {
  return ms === null ? "-" : new Date(ms).toISOString();
}

/** Per operator records in/out, watermark, state size; per source partition offset and lag. */
export function dataflowStatusText(dataflow: DataflowStatusView): string {
  const runtime = dataflow.runtime;
  if (runtime === null) return "no status yet (the dataflow has not reported)\n";
  const operators = formatTable(
    ["OPERATOR", "KIND", "IN", "OUT", "WATERMARK", "STATE", "LATE", "ERRORS"],
    runtime.operators.map((o) => [o.id, o.kind, String(o.recordsIn), String(o.recordsOut), time(o.watermark), String(o.stateEntries), String(o.lateDropped), String(o.errors)]),
  );
  const sources = formatTable(
    ["SOURCE", "TOPIC", "PARTITION", "OFFSET", "LAG"],
    runtime.sources.flatMap((s) => s.partitions.map((p) => [s.id, s.topic, String(p.partition), String(p.offset), String(p.lag)])),
  );
  const checkpoint = runtime.checkpoint === undefined ? "" : `checkpoints: ${String(runtime.checkpoint.count)}${runtime.checkpoint.at === null ? "" : `, last at ${String(runtime.checkpoint.at)}`}\n`;
  const asOf = dataflow.live ? "" : `(as the worker last saw it${dataflow.observedAt === null ? "" : `, ${dataflow.observedAt}`}: the process did not answer)\n`;
  const views = runtime.views.length === 0 ? "" : `views: ${runtime.views.join(", ")}\n`;
  return `${asOf}${checkpoint}${operators}\n${sources}\n${views}`;
}

/** A view's rows as a table: key, window, whether final, and the value's fields (a stock measure as value/delta). */
export function viewRowsText(result: ViewRows): string {
  if (result.rows.length === 0) return `view "${result.view}" has no rows yet\n`;
  const skip = new Set(["key", "windowStart", "windowEnd"]);
  const fields = [...new Set(result.rows.flatMap((row) => Object.keys(row.value).filter((field) => !skip.has(field))))];
  const cell = (value: unknown): string => {
    if (value === undefined || value === null) return "-";
    if (typeof value === "object" && "value" in value && "delta" in value) {
      const measure = value as { value: unknown; delta: unknown };
      return `${String(measure.value)} (${typeof measure.delta === "number" && measure.delta > 0 ? "+" : ""}${String(measure.delta)})`;
    }
    return typeof value === "object" ? JSON.stringify(value) : String(value as string | number | boolean);
  };
  return `${formatTable(
    ["KEY", "WINDOW START", "WINDOW END", "FINAL", ...fields.map((f) => f.toUpperCase())],
    result.rows.map((row) => [row.key, time(row.windowStart), time(row.windowEnd), row.closed ? "yes" : "no", ...fields.map((f) => cell(row.value[f]))]),
  )}\n`;
}
