import type { OnTestFailedHandler } from "vitest";
import type { TestCluster } from "../support/cluster.js";

/** On failure, prints the tail of every cluster process's log (the root is deleted afterwards). */
export function reportLogsOnFailure(onTestFailed: (handler: OnTestFailedHandler) => void, cluster: () => TestCluster | undefined): void {
  onTestFailed(async () => {
    const running = cluster();
    if (running) console.log(`cluster logs (${running.root}):\n${await running.logTails()}`);
  });
}

/** "p50 X ms, max Y ms over N" of durations in ms. */
export function summarizeMs(samples: readonly number[]): string {
  const sorted = samples.filter((s) => Number.isFinite(s)).sort((a, b) => a - b);
  if (sorted.length === 0) return "n/a";
  const p50 = sorted[Math.ceil(sorted.length / 2) - 1]!;
  return `p50 ${Math.round(p50)} ms, max ${Math.round(sorted.at(-1)!)} ms over ${sorted.length}`;
}
