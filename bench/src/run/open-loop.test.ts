import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runOpenLoop } from "./open-loop.js";

/** A send that stays unconfirmed until the test confirms it. */
function heldSend(): { held: (() => void)[]; send: () => Promise<void> } {
  const held: (() => void)[] = [];
  return { held, send: () => new Promise<void>((resolve) => held.push(resolve)) };
}

async function untilHeld(held: readonly unknown[], count: number): Promise<void> {
  while (held.length < count) await sleep(1);
}

describe("runOpenLoop", () => {
  it("keeps sending on schedule while earlier records are unconfirmed", async () => {
    const { held, send } = heldSend();
    const run = runOpenLoop(20, 100_000, send);
    await untilHeld(held, 20);
    for (const confirm of held) confirm();
    expect(await run).toHaveLength(20);
  });

  it("stops sending once more than maxBacklog records are due but unconfirmed and returns the latencies of those sent", async () => {
    const { held, send } = heldSend();
    const run = runOpenLoop(20, 100_000, send, undefined, 3);
    await untilHeld(held, 1);
    // All 20 records are due within a fraction of a millisecond; with nothing confirmed, at most 4 may go out.
    await sleep(20);
    expect(held.length).toBeLessThanOrEqual(4);
    for (const confirm of held) confirm();
    const latencies = await run;
    expect(latencies).toHaveLength(held.length);
    for (const latency of latencies) expect(latency).toBeGreaterThanOrEqual(0);
  });
});
