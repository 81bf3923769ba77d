import { afterEach, describe, expect, it } from "vitest";
import { defaultTopicConfig } from "../topics/topic-config.js";
import type { ClusterStateView } from "./cluster-state.js";
import { openController, type ControllerFixture } from "./test-support/controller-fixture.js";

let fixture: ControllerFixture | undefined;
afterEach(async () => {
  await fixture?.controller.close();
  fixture = undefined;
});

/** Settles a promise into a probe that says whether (and with what) it has resolved yet. */
function track<T>(promise: Promise<T>): { value: T | undefined; done: boolean } {
  const probe: { value: T | undefined; done: boolean } = { value: undefined, done: false };
  void promise.then((value) => {
    probe.value = value;
    probe.done = true;
  });
  return probe;
}

describe("watch", () => {
  it("answers at once when the caller is behind", async () => {
    fixture = await openController([1]);
    const state = await fixture.controller.watch(-1, 10_000);
    expect(state.stateEpoch).toBe(fixture.controller.state.stateEpoch);
    expect(state.spus["1"]).toEqual({ host: "127.0.0.1", port: 9001, incarnation: "first-1", live: true });
  });

  it("wakes on the next change", async () => {
    fixture = await openController([1]);
    const known = fixture.controller.state.stateEpoch;
    const watch = track(fixture.controller.watch(known, 10_000));
    // Neither a heartbeat nor a refused change is a change.
    await fixture.controller.heartbeat(1);
    await fixture.controller.addPartitions("missing", 2);
    await Promise.resolve();
    expect(watch.done).toBe(false);
    await fixture.controller.createTopic("t", 1, 1, defaultTopicConfig(), []);
    await expect.poll(() => watch.done).toBe(true);
    expect((watch.value as ClusterStateView).stateEpoch).toBeGreaterThan(known);
    expect((watch.value as ClusterStateView).topics["t"]).toBeDefined();
  });

  it("returns the unchanged state after maxWaitMs, when aborted, or when the controller closes", async () => {
    fixture = await openController([1]);
    const known = fixture.controller.state.stateEpoch;
    const timed = track(fixture.controller.watch(known, 2000));
    const aborter = new AbortController();
    const aborted = track(fixture.controller.watch(known, 60_000, aborter.signal));
    const closing = track(fixture.controller.watch(known, 60_000));

    fixture.time.advance(1999);
    await Promise.resolve();
    expect(timed.done).toBe(false);
    fixture.time.advance(1);
    await expect.poll(() => timed.done).toBe(true);
    expect(timed.value!.stateEpoch).toBe(known);

    expect(aborted.done).toBe(false);
    aborter.abort();
    await expect.poll(() => aborted.done).toBe(true);

    expect(closing.done).toBe(false);
    await fixture.controller.close();
    await expect.poll(() => closing.done).toBe(true);
    await fixture.controller.close();
    const refused = await fixture.controller.createTopic("t", 1, 1, defaultTopicConfig(), []);
    expect(refused.ok ? null : refused.error.errorName).toBe("NOT_CONTROLLER");
    expect(fixture.time.pendingTimers).toBe(0);
  });
});
