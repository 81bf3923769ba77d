import { describe, expect, it } from "vitest";
import { runWindowed } from "./windowed.js";

interface Call {
  readonly index: number;
  readonly finish: () => void;
  readonly fail: (cause: Error) => void;
}

function recordingSend(): { calls: Call[]; send: (index: number) => Promise<void> } {
  const calls: Call[] = [];
  return {
    calls,
    send: (index) => new Promise<void>((resolve, reject) => calls.push({ index, finish: resolve, fail: reject })),
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("runWindowed", () => {
  it("keeps at most `window` calls unfinished and runs every unit once", async () => {
    const { calls, send } = recordingSend();
    const done = runWindowed(5, 2, send);
    expect(calls.map((call) => call.index)).toEqual([0, 1]);
    calls[1]!.finish();
    await flush();
    expect(calls.map((call) => call.index)).toEqual([0, 1, 2]);
    for (let next = 0; next < calls.length; next++) {
      calls[next]!.finish();
      await flush();
    }
    await expect(done).resolves.toBeUndefined();
    expect(calls.map((call) => call.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it("after a failure starts nothing new and rejects only once in-flight calls are done", async () => {
    const { calls, send } = recordingSend();
    let settled = false;
    const done = runWindowed(10, 3, send).finally(() => (settled = true));
    calls[0]!.fail(new Error("broker said no"));
    await flush();
    expect(calls).toHaveLength(3);
    expect(settled).toBe(false);
    calls[1]!.finish();
    calls[2]!.finish();
    await expect(done).rejects.toThrow("broker said no");
    expect(calls).toHaveLength(3);
  });

  it("stops on abort with the signal's reason", async () => {
    const { calls, send } = recordingSend();
    const controller = new AbortController();
    const done = runWindowed(10, 2, send, controller.signal);
    controller.abort(new Error("deadline"));
    calls[0]!.finish();
    calls[1]!.finish();
    await expect(done).rejects.toThrow("deadline");
    expect(calls).toHaveLength(2);
  });
});
