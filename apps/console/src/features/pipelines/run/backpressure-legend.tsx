import { cx } from "@/components/ui/class-names";
import { TONE_CLASSES } from "../graph-view/node-decoration";

/**
 * Flink's thresholds (FLINK-3310: OK ≤ 0.10 < LOW ≤ 0.50 < HIGH), applied by the API to the share of
 * arriving records a node left waiting (its input lag's growth), as the processes report no blocked time.
 */
const LEVELS = [
  { tone: "ok", label: "OK", title: "keeps up: at most 10% of arriving records left waiting" },
  { tone: "low", label: "Low", title: "falling behind: up to half of arriving records left waiting" },
  { tone: "high", label: "High", title: "held back: more than half of arriving records left waiting" },
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
