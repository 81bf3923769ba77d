import type { Clock } from "../system/clock.js";
import type { Partition } from "./partition.js";

export interface Watched {
  readonly partition: Partition;
  /** The readable end (high watermark for consumers, log end for followers) the caller saw. */
  readonly seen: number;
  /** The readable end now; a move past `seen` ends the wait. */
  readonly end: () => number;
}

/**
 * Resolves when any watched partition's readable end moves past what the caller
 * saw, when `waitMs` passes, or when `abandoned` resolves — whichever is first.
 * Cleans up its listeners and timer in every case.
 */
export function waitForData(watched: readonly Watched[], waitMs: number, abandoned: Promise<void>, clock: Clock): Promise<void> {
  if (waitMs <= 0) return Promise.resolve();
  if (watched.some((w) => w.end() !== w.seen)) return Promise.resolve();
  return new Promise((resolve) => {
    const unsubscribes: (() => void)[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      cancelTimer();
      for (const unsubscribe of unsubscribes) unsubscribe();
      resolve();
    };
    const cancelTimer = clock.schedule(waitMs, finish);
    for (const w of watched) {
      unsubscribes.push(
        w.partition.onAdvance(() => {
          if (w.end() !== w.seen) finish();
        }),
      );
    }
    void abandoned.then(finish);
  });
}
