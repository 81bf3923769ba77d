"use client";

import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SelectField } from "@/components/ui/field";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { cx } from "@/components/ui/class-names";
import { formatClock } from "../metrics/format";
import { rankMovers, stockMeasures, stockSeries, type ViewRow } from "./view-rows";

const COLORS = ["#2563eb", "#db2777", "#059669", "#d97706"];

function signed(value: number): string {
  return value > 0 ? `+${value.toString()}` : value.toString();
}

/**
 * "Entity as a stock": per entity, lines for each measure's count and delta per step and the
 * rolling correlation between the two related measures over time; beside it every entity
 * ranked by its latest delta, so the movers are seen at a glance (a click charts one).
 */
export function StockView({ view, rows: allRows }: { view: string; rows: readonly ViewRow[] }) {
  // Closed steps only: an open step's partial counts would read as a fall, and its delta changes as it fills.
  const rows = allRows.filter((row) => row.closed);
  const measures = stockMeasures(rows);
  const [rankBy, setRankBy] = useState<string | null>(null);
  const measure = rankBy !== null && measures.includes(rankBy) ? rankBy : (measures[0] ?? null);
  const movers = measure === null ? [] : rankMovers(rows, measure);
  const [chosen, setChosen] = useState<string | null>(null);
  const entity = chosen !== null && movers.some((m) => m.key === chosen) ? chosen : (movers[0]?.key ?? null);
  if (measure === null || entity === null) return <p className="text-sm text-slate-500">No steps yet: rows appear as the dataflow closes its first step.</p>;
  const series = stockSeries(rows, entity, measures);
  const tick = (t: number) => formatClock(t, true);

  return (
    <div className="grid gap-6 lg:grid-cols-5" data-testid={`stock-${view}`}>
      <div className="space-y-4 lg:col-span-3">
        <h4 className="text-sm font-semibold text-slate-900">
          <span data-testid="stock-entity">{entity}</span>: counts and deltas per step
        </h4>
        <div className="h-64" data-testid="stock-chart" data-points={series.length}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={series} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
              <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={{ fontSize: 12, fill: "#475569" }} />
              <YAxis tick={{ fontSize: 12, fill: "#475569" }} width={48} allowDecimals={false} />
              <Tooltip labelFormatter={(t) => formatClock(Number(t), true)} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <ReferenceLine y={0} stroke="#94a3b8" />
              {measures.flatMap((m, i) => [
                <Line key={m} type="linear" dataKey={m} name={m} stroke={COLORS[i % COLORS.length]} strokeWidth={2} isAnimationActive={false} />,
                <Line key={`${m}Delta`} type="linear" dataKey={`${m}Delta`} name={`${m} Δ`} stroke={COLORS[i % COLORS.length]} strokeDasharray="4 3" isAnimationActive={false} />,
              ])}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <h4 className="text-sm font-semibold text-slate-900">{entity}: correlation over time</h4>
        <div className="h-40" data-testid="correlation-chart">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={series} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
              <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={{ fontSize: 12, fill: "#475569" }} />
              <YAxis domain={[-1, 1]} ticks={[-1, -0.5, 0, 0.5, 1]} tick={{ fontSize: 12, fill: "#475569" }} width={48} />
              <Tooltip labelFormatter={(t) => formatClock(Number(t), true)} />
              <ReferenceLine y={0} stroke="#94a3b8" />
              <Line type="linear" dataKey="correlation" name="correlation" stroke="#7c3aed" strokeWidth={2} connectNulls={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </div>
      <div className="space-y-3 lg:col-span-2">
        {measures.length > 1 && (
          <SelectField label="Rank by the delta of" value={measure} onChange={(event) => setRankBy(event.target.value)}>
            {measures.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </SelectField>
        )}
        <Table caption={`Movers in ${view}`}>
          <thead>
            <tr>
              {["Entity", measure, "Δ", "Avg", "Corr."].map((column) => (
                <Th key={column}>{column}</Th>
              ))}
            </tr>
          </thead>
          <Tbody>
            {movers.map((mover) => (
              <tr
                key={mover.key}
                data-mover={mover.key}
                aria-selected={mover.key === entity}
                className={cx("cursor-pointer hover:bg-slate-50", mover.key === entity && "bg-brand-50")}
                onClick={() => setChosen(mover.key)}
              >
                <Td className="font-mono">{mover.key}</Td>
                <Td className="tabular-nums" data-testid="mover-value">
                  {mover.value}
                </Td>
                <Td className={cx("tabular-nums", mover.delta > 0 ? "text-emerald-700" : mover.delta < 0 ? "text-red-700" : undefined)} data-testid="mover-delta">
                  {signed(mover.delta)}
                </Td>
                <Td className="tabular-nums">{mover.movingAverage.toFixed(1)}</Td>
                <Td className="tabular-nums">{mover.correlation === null ? "–" : mover.correlation.toFixed(2)}</Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      </div>
    </div>
  );
}
