import { describe, expect, it } from "vitest";
import { SimulatedDisk } from "./simulated-disk.js";

const bytes = (...values: number[]) => new Uint8Array(values);

async function diskWithDir(): Promise<SimulatedDisk> {
  const disk = new SimulatedDisk();
  await disk.mkdir("/d");
  return disk;
}

describe("SimulatedDisk", () => {
  it("keeps fsynced bytes and drops the rest on crash", async () => {
    const disk = await diskWithDir();
    const file = await disk.open("/d/a", "readWrite");
    await disk.syncDirectory("/d");
    await file.writev([bytes(1, 2), bytes(3)], 0);
    await file.sync();
    await file.writev([bytes(4, 5)], 3);
    expect(disk.contents("/d/a")).toEqual(bytes(1, 2, 3, 4, 5));

    disk.crash();
    expect(disk.contents("/d/a")).toEqual(bytes(1, 2, 3));
    await expect(file.read(new Uint8Array(1), 0)).rejects.toMatchObject({ code: "EBADF" });
  });

  it("keeps a torn prefix of the unsynced tail when asked", async () => {
    const disk = await diskWithDir();
    const file = await disk.open("/d/a", "readWrite");
    await disk.syncDirectory("/d");
    await file.writev([bytes(1, 2, 3, 4, 5, 6)], 0);
    disk.crash({ keepUnsynced: (path, unsynced) => (path === "/d/a" && unsynced === 6 ? 4 : 0) });
    expect(disk.contents("/d/a")).toEqual(bytes(1, 2, 3, 4));
  });

  it("loses a created file whose directory was not fsynced, and resurrects an unlinked one", async () => {
    const disk = await diskWithDir();
    const kept = await disk.open("/d/kept", "readWrite");
    await kept.writev([bytes(9)], 0);
    await kept.sync();
    await disk.syncDirectory("/d");
    const fresh = await disk.open("/d/fresh", "readWrite");
    await fresh.writev([bytes(7)], 0);
    await fresh.sync();
    await disk.unlink("/d/kept");
    expect((await disk.readdir("/d")).sort()).toEqual(["fresh"]);

    disk.crash();
    expect(await disk.readdir("/d")).toEqual(["kept"]);
    expect(disk.contents("/d/kept")).toEqual(bytes(9));
  });

  it("undoes an unsynced truncation on crash", async () => {
    const disk = await diskWithDir();
    const file = await disk.open("/d/a", "readWrite");
    await disk.syncDirectory("/d");
    await file.writev([bytes(1, 2, 3)], 0);
    await file.sync();
    await file.truncate(1);
    disk.crash();
    expect(disk.contents("/d/a")).toEqual(bytes(1, 2, 3));
  });

  it("writes what fits under the capacity, then fails with ENOSPC", async () => {
    const disk = await diskWithDir();
    disk.capacityBytes = 4;
    const file = await disk.open("/d/a", "readWrite");
    await expect(file.writev([bytes(1, 2), bytes(3, 4, 5)], 0)).rejects.toMatchObject({ code: "ENOSPC" });
    expect(disk.contents("/d/a")).toEqual(bytes(1, 2, 3, 4));
  });

  it("fails an injected operation once, and holds fsyncs until released", async () => {
    const disk = await diskWithDir();
    const file = await disk.open("/d/a", "readWrite");
    disk.injectFault({ op: "sync", code: "EIO" });
    await expect(file.sync()).rejects.toMatchObject({ code: "EIO" });
    await file.sync();

    const release = disk.holdSyncs();
    let synced = false;
    const pending = file.sync().then(() => (synced = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect([synced, disk.heldSyncs]).toEqual([false, 1]);
    release();
    await pending;
    expect(synced).toBe(true);
  });
});
