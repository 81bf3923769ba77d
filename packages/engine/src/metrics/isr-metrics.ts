import { Counter, type Registry } from "prom-client";

/**
 * ISR changes of the partitions this SPU leads, counted when the controller confirms
 * them (a proposal it refuses changes nothing). One ISR change can both drop a
 * follower and take one back, and counts once as each.
 */
export class IsrChanges {
  shrinks = 0;
  expands = 0;

  record(before: readonly number[], after: readonly number[]): void {
    if (before.some((id) => !after.includes(id))) this.shrinks += 1;
    if (after.some((id) => !before.includes(id))) this.expands += 1;
  }
}

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
