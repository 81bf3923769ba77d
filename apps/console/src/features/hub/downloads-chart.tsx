"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { dailySeries, totalDownloads, type DownloadDay } from "./download-series";

const WINDOW_DAYS = 30;

/** Artifact downloads per UTC day over the last 30 days, in the bars the billing page uses. */
export function DownloadsChart({ downloadsPerDay, now }: { downloadsPerDay: readonly DownloadDay[]; now: Date }) {
  const series = dailySeries(downloadsPerDay, now, WINDOW_DAYS);
  const data = series.map((point) => ({ day: point.day.slice(5), count: point.count }));
  const total = totalDownloads(series);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600" data-testid="downloads-total">
        {total === 1 ? "1 download" : `${total} downloads`} in the last {WINDOW_DAYS} days
      </p>
      <div className="h-40" data-testid="downloads-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis tick={{ fontSize: 11 }} width={32} allowDecimals={false} />
            <Tooltip formatter={(value) => [String(value), "Downloads"]} />
            <Bar dataKey="count" fill="var(--color-brand-600)" radius={[2, 2, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
