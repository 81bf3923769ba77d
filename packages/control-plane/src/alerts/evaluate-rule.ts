import { z } from "zod";
import type { AlertCondition } from "./alert-rule.js";

/**
 * One reading of a rule's signal: for stalled and throughput the topic's end offsets summed over
 * its partitions, for errorRate the connector's error counter (both only grow, but for a restart
 * that starts a counter again), for lagGrowing the group's lag on the topic.
 */
export const alertSampleSchema = z.object({ at: z.number().int(), value: z.number() });
export type AlertSample = z.infer<typeof alertSampleSchema>;

export type AlertVerdict =
  | { readonly state: "ok" | "firing"; readonly value: number; readonly summary: string }
  /** Not enough history to judge (the window is not full yet): the rule keeps its state. */
  | { readonly state: "unknown"; readonly summary: string };

/** Samples kept per rule at most (about): older ones are thinned so a week's window stays small. */
const MAX_SAMPLES = 200;

/**
 * The samples a rule must keep to judge its window at `now`: from the last one at or before the
 * window's start (the baseline) onwards, thinned to about MAX_SAMPLES. Thinning keeps the first and
 * last sample, so increases over the window stay exact; only a dip in lag between two kept samples
 * can be missed.
 */
export function keepSamples(samples: readonly AlertSample[], now: number, windowMs: number): AlertSample[] {
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const baseline = lastIndexAtOrBefore(sorted, now - windowMs);
  const recent = sorted.slice(Math.max(0, baseline));
  const spacing = windowMs / MAX_SAMPLES;
  const kept: AlertSample[] = [];
  recent.forEach((sample, index) => {
    const previous = kept.at(-1);
    if (previous === undefined || index === recent.length - 1 || sample.at - previous.at >= spacing) kept.push(sample);
  });
  return kept;
}

/** Judges a rule at `now` from its samples (oldest first or not; sorted here). Pure: no clock, no I/O. */
export function evaluateRule(condition: AlertCondition, windowMs: number, samples: readonly AlertSample[], now: number): AlertVerdict {
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const start = lastIndexAtOrBefore(sorted, now - windowMs);
  const latest = sorted.at(-1);
  if (start < 0 || latest === undefined || latest.at <= sorted[start]!.at) {
    return { state: "unknown", summary: `Collecting samples until the ${duration(windowMs)} window is full.` };
  }
  const window = sorted.slice(start);
  const baseline = window[0]!;
  const spanMs = latest.at - baseline.at;
  const span = duration(windowMs);
  switch (condition.kind) {
    case "stalled": {
      const stalledMs = now - firstOfLastRun(window).at;
      const grew = increase(window) > 0;
      return grew
        ? { state: "ok", value: 0, summary: `New records arrived within the last ${span}.` }
        : { state: "firing", value: Math.round(stalledMs / 1000), summary: `No new records for ${duration(stalledMs)}.` };
    }
    case "throughput": {
      const rate = increase(window) / (spanMs / 1000);
      const below = condition.min !== null && rate < condition.min;
      const above = condition.max !== null && rate > condition.max;
      const shown = `${round(rate)} records/s over the last ${span}`;
      if (below) return { state: "firing", value: rate, summary: `${shown}, below the lowest ${round(condition.min ?? 0)}.` };
      if (above) return { state: "firing", value: rate, summary: `${shown}, above the highest ${round(condition.max ?? 0)}.` };
      return { state: "ok", value: rate, summary: `${shown}, within the band.` };
    }
    case "errorRate": {
      const perMinute = increase(window) / (spanMs / 60_000);
      const shown = `${round(perMinute)} errors per minute over the last ${span}`;
      return perMinute > condition.maxPerMinute
        ? { state: "firing", value: perMinute, summary: `${shown}, above ${round(condition.maxPerMinute)}.` }
        : { state: "ok", value: perMinute, summary: `${shown}.` };
    }
    case "lagGrowing": {
      const neverFell = window.every((sample, i) => i === 0 || sample.value >= window[i - 1]!.value);
      const growing = neverFell && latest.value > baseline.value;
      return growing
        ? { state: "firing", value: latest.value, summary: `Lag of group ${condition.groupId} grew from ${baseline.value} to ${latest.value} over the last ${span}.` }
        : { state: "ok", value: latest.value, summary: `Lag of group ${condition.groupId} is ${latest.value} and did not keep growing over the last ${span}.` };
    }
  }
}

/** How much a counter grew over the samples; a counter that went down was restarted from zero. */
function increase(samples: readonly AlertSample[]): number {
  let total = 0;
  for (let i = 1; i < samples.length; i++) {
    const step = samples[i]!.value - samples[i - 1]!.value;
    total += step >= 0 ? step : samples[i]!.value;
  }
  return total;
}

/** The earliest sample of the trailing run of equal values (since when nothing changed). */
function firstOfLastRun(samples: readonly AlertSample[]): AlertSample {
  let i = samples.length - 1;
  while (i > 0 && samples[i - 1]!.value === samples[i]!.value) i--;
  return samples[i]!;
}

function lastIndexAtOrBefore(sorted: readonly AlertSample[], at: number): number {
  let found = -1;
  sorted.forEach((sample, index) => {
    if (sample.at <= at) found = index;
  });
  return found;
}

const round = (value: number): string => (Number.isInteger(value) ? value.toString() : value.toFixed(value < 10 ? 2 : 1));

/** "5 minutes", "30 seconds", "2 hours": windows read as people set them. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const unit = (n: number, name: string) => `${n.toString()} ${name}${n === 1 ? "" : "s"}`;
  if (seconds % 3600 === 0 && seconds > 0) return unit(seconds / 3600, "hour");
  if (seconds % 60 === 0 && seconds > 0) return unit(seconds / 60, "minute");
  return unit(seconds, "second");
}
