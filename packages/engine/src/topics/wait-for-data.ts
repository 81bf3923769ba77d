import type { Partition } from "./partition.js";

export interface Watched {
  readonly partition: Partition;
  /** High watermark when the caller last read; a move since then ends the wait at once. */
  readonly seenHighWatermark: number;
}

/**
 * Resolves when any watched partition's high watermark moves past what the caller
 * saw, when `waitMs` passes, or when `abandoned` resolves — whichever is first.
 * Cleans up its listeners and timer in every case.
 */
export function waitForData(watched: readonly Watched[], waitMs: number, abandoned: Promise<void>): Promise<void> {
  if (waitMs <= 0) return Promise.resolve();
  if (watched.some((w) => w.partition.highWatermark !== w.seenHighWatermark)) return Promise.resolve();
  return new Promise((resolve) => {
    const unsubscribes: (() => void)[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const unsubscribe of unsubscribes) unsubscribe();
      resolve();
    };
    const timer = setTimeout(finish, waitMs);
    for (const { partition } of watched) unsubscribes.push(partition.onAdvance(finish));
    void abandoned.then(finish);
  });
}
