"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock } from "./format";

export interface Series {
  readonly key: string;
  readonly name: string;
  readonly color: string;
}

export type ChartRow = { readonly t: number } & Readonly<Record<string, number | null>>;

/** Lines over time; a null value (no rate yet, an SPU unread) is a gap, never a zero. */
export function TimeSeriesChart({ rows, series, format, testId }: { rows: readonly ChartRow[]; series: readonly Series[]; format: (value: number) => string; testId: string }) {
  const span = rows.length < 2 ? 0 : rows.at(-1)!.t - rows[0]!.t;
  const tick = (t: number) => formatClock(t, span < 10 * 60_000);
  return (
    <div className="h-56" data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={[...rows]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={{ fontSize: 12, fill: "#475569" }} />
          <YAxis tickFormatter={format} tick={{ fontSize: 12, fill: "#475569" }} width={72} />
          <Tooltip labelFormatter={(t) => formatClock(Number(t), true)} formatter={(value, name) => [format(Number(value)), String(name)]} />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s) => (
            <Line key={s.key} type="linear" dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
