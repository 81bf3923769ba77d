"use client";

import { useState } from "react";
import { SelectField } from "@/components/ui/field";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { TimeSeriesChart } from "../metrics/time-series-chart";
import { chartByKey, numericFields, type ViewRow } from "./view-rows";

const COLORS = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2"];
/** Keys drawn at once; more would be an unreadable tangle. */
const CHART_KEYS = 6;
/** Rows listed; the view may hold many more (query by key for them). */
const TABLE_ROWS = 200;

function cell(value: unknown): string {
  if (value === null || value === undefined) return "–";
  return typeof value === "object" ? JSON.stringify(value) : String(value as string | number | boolean);
}

/** A view's rows as a table, and a chart of one numeric field per key over the windows. */
export function RowsView({ view, rows }: { view: string; rows: readonly ViewRow[] }) {
  const fields = numericFields(rows);
  const [picked, setPicked] = useState<string | null>(null);
  const field = picked !== null && fields.includes(picked) ? picked : (fields[0] ?? null);
  const keys = [...new Set(rows.map((row) => row.key))].slice(0, CHART_KEYS);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row.value)))].filter((c) => c !== "key" && c !== "windowStart" && c !== "windowEnd");
  const latest = [...rows].sort((a, b) => b.windowStart - a.windowStart || (a.key < b.key ? -1 : 1)).slice(0, TABLE_ROWS);
  return (
    <div className="space-y-4">
      {field !== null && (
        <>
          {fields.length > 1 && (
            <SelectField label="Chart" value={field} onChange={(event) => setPicked(event.target.value)}>
              {fields.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </SelectField>
          )}
          <TimeSeriesChart
            testId={`view-chart-${view}`}
            rows={chartByKey(rows, field, keys)}
            series={keys.map((key, i) => ({ key, name: key, color: COLORS[i % COLORS.length]! }))}
            format={(v) => String(v)}
          />
        </>
      )}
      <Table caption={`Rows of ${view}`}>
        <thead>
          <tr>
            {["Key", "Window", "Final", ...columns].map((column) => (
              <Th key={column}>{column}</Th>
            ))}
          </tr>
        </thead>
        <Tbody>
          {latest.map((row) => (
            <tr key={`${row.key}:${row.windowStart.toString()}`} data-row-key={row.key}>
              <Td className="font-mono">{row.key}</Td>
              <Td className="text-xs tabular-nums">
                {new Date(row.windowStart).toLocaleTimeString("en-GB")}–{new Date(row.windowEnd).toLocaleTimeString("en-GB")}
              </Td>
              <Td>{row.closed ? "yes" : "open"}</Td>
              {columns.map((column) => (
                <Td key={column} className="tabular-nums">
                  {cell(row.value[column])}
                </Td>
              ))}
            </tr>
          ))}
        </Tbody>
      </Table>
    </div>
  );
}
