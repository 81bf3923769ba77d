"use client";

import { cx } from "@/components/ui/class-names";

export type MetricsRange = "hour" | "day";

const LABELS: Record<MetricsRange, string> = { hour: "Last hour", day: "Last day" };

/** How often charts ask for new points; the worker writes one per cluster every METRICS_INTERVAL_MS (15 s by default). */
export const METRICS_REFRESH_MS = 5_000;

/** The last hour / last day toggle above a cluster's charts. */
export function MetricsRangeToggle({ value, onChange }: { value: MetricsRange; onChange: (range: MetricsRange) => void }) {
  return (
    <div role="group" aria-label="Time range" className="inline-flex rounded-md shadow-sm ring-1 ring-slate-300">
      {(Object.keys(LABELS) as MetricsRange[]).map((range) => (
        <button
          key={range}
          type="button"
          aria-pressed={value === range}
          onClick={() => onChange(range)}
          className={cx("px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md", value === range ? "bg-brand-600 text-white" : "bg-white text-slate-700 hover:bg-slate-50")}
        >
          {LABELS[range]}
        </button>
      ))}
    </div>
  );
}
