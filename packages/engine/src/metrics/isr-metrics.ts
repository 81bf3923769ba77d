import { Counter, type Registry } from "prom-client";
import type { IsrChanges } from "./isr-changes.js";

export function registerIsrMetrics(registry: Registry, changes: IsrChanges): void {
  const registers = [registry];
  const scraped = (name: string, help: string, value: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(value());
      },
    });
  scraped("freshet_isr_shrinks_total", "ISR changes that removed a follower from a partition led here (it fell behind or went away).", () => changes.shrinks);
  scraped("freshet_isr_expands_total", "ISR changes that added a follower back to a partition led here (it caught up).", () => changes.expands);
}
