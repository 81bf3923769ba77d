import type { ReactNode } from "react";
import { cx } from "./class-names";

const tones = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  progress: "bg-amber-50 text-amber-800 ring-amber-300",
  good: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  bad: "bg-red-50 text-red-800 ring-red-300",
} as const;

export type BadgeTone = keyof typeof tones;

export function Badge({ tone = "neutral", pulse = false, children }: { tone?: BadgeTone; pulse?: boolean; children: ReactNode }) {
  return (
    <span className={cx("inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", tones[tone])}>
      <span aria-hidden="true" className={cx("size-1.5 rounded-full bg-current", pulse && "animate-pulse")} />
      {children}
    </span>
  );
}
