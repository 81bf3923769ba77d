import { afterEach, describe, expect, it } from "vitest";
import { defaultTopicConfig } from "../topics/topic-config.js";
import { openController, type ControllerFixture } from "./test-support/controller-fixture.js";

let fixture: ControllerFixture | undefined;
afterEach(async () => {
  await fixture?.controller.close();
  fixture = undefined;
});

describe("an SPU registering again", () => {
  it("as a new process (a restart, possibly with a wiped disk) loses its leaderships and ISR places", async () => {
    fixture = await openController([1, 2, 3]);
    await fixture.controller.createTopic("t", 3, 3, defaultTopicConfig(), []);
    const before = fixture.controller.state.topics["t"]!.partitions;
    const led = before.findIndex((p) => p.leader === 1);
    const registered = await fixture.controller.registerSpu(1, "127.0.0.1", 9001, "second-1");
    expect(registered.ok).toBe(true);
    const after = fixture.controller.state.topics["t"]!.partitions;
    for (const p of after) expect(p.isr).not.toContain(1);
    expect(after[led]!.leader).not.toBe(1);
    expect(after[led]!.leaderEpoch).toBe(before[led]!.leaderEpoch + 1);
  });

  it("as the same process (reconnecting, e.g. after a controller restart) changes nothing", async () => {
    fixture = await openController([1, 2, 3]);
    await fixture.controller.createTopic("t", 3, 3, defaultTopicConfig(), []);
    const before = fixture.controller.state.topics["t"]!.partitions;
    await fixture.controller.registerSpu(1, "127.0.0.1", 9001, "first-1");
    expect(fixture.controller.state.topics["t"]!.partitions).toEqual(before);
  });

  it("keeps a restarted SPU that is the only live in-sync copy where it is, at a new leader epoch", async () => {
    fixture = await openController([1, 2]);
    await fixture.controller.createTopic("solo", 1, 1, defaultTopicConfig(), []);
    const only = fixture.controller.state.topics["solo"]!.partitions[0]!;
    await fixture.controller.registerSpu(only.leader, "127.0.0.1", 9000 + only.leader, "again");
    // Followers may have copied a tail it had not fsynced: the new epoch makes them truncate by epoch.
    expect(fixture.controller.state.topics["solo"]!.partitions[0]).toEqual({ ...only, leaderEpoch: only.leaderEpoch + 1 });
  });
});
