import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { OffsetStore } from "./offset-store.js";

let dir = "";

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), "freshet-offsets-")), "__consumer_offsets-0");
});

afterEach(async () => {
  await rm(join(dir, ".."), { recursive: true, force: true });
});

async function logBytes(): Promise<number> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".log"));
  const sizes = await Promise.all(names.map(async (name) => (await stat(join(dir, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

describe("the local offsets log under compaction", () => {
  it("keeps every group's latest commits and a deleted group's absence across compaction and restarts", async () => {
    const clock = new ManualClock(1_000_000);
    const resources = { logger: pino({ level: "silent" }), clock };
    const store = await OffsetStore.openLocal(dir, resources, 1024);
    for (let round = 0; round < 100; round++) {
      await store.commit(
        "kept",
        [0, 1].map((partition) => ({ topic: "orders", partition, offset: round * 10 + partition, metadata: null })),
      );
      await store.commit("gone", [{ topic: "orders", partition: 0, offset: round, metadata: null }]);
    }
    await store.deleteGroup("gone");
    await store.commit("kept", [{ topic: "other", partition: 0, offset: 5, metadata: "m" }]);
    const committed = [...store.committedFor("kept")];
    const before = await logBytes();

    await store.compact();
    await store.close();
    expect(await logBytes()).toBeLessThan(before / 4);

    const reopened = await OffsetStore.openLocal(dir, resources, 1024);
    expect([...reopened.committedFor("kept")]).toEqual(committed);
    expect(reopened.groups()).toEqual(["kept"]);
    // Once delete.retention.ms has passed the tombstones go too; the group stays deleted.
    clock.advance(24 * 3600 * 1000);
    await reopened.compact();
    await reopened.close();
    const last = await OffsetStore.openLocal(dir, resources, 1024);
    expect(last.groups()).toEqual(["kept"]);
    expect([...last.committedFor("kept")]).toEqual(committed);
    await last.close();
  });
});
