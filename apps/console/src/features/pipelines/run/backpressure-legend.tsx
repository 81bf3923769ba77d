import { cx } from "@/components/ui/class-names";
import { TONE_CLASSES } from "../graph-view/node-decoration";

/** Flink's thresholds on the share of time a node is blocked on its output (FLINK-3310). */
const LEVELS = [
  { tone: "ok", label: "OK", title: "blocked at most 10% of the time" },
  { tone: "low", label: "Low", title: "blocked at most half the time" },
  { tone: "high", label: "High", title: "blocked more than half the time, or its lag keeps growing" },
] as const;

export function BackpressureLegend() {
  return (
    <p className="flex items-center gap-3 text-xs text-slate-500">
      <span>Backpressure:</span>
      {LEVELS.map((level) => (
        <span key={level.tone} title={level.title} className="inline-flex items-center gap-1">
          <span aria-hidden="true" className={cx("size-3 rounded-sm ring-1", TONE_CLASSES[level.tone])} />
          {level.label}
        </span>
      ))}
    </p>
  );
}
