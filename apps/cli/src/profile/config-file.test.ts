import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigFileError, EMPTY_CONFIG, currentProfile, readConfig, withProfile, writeConfig } from "./config-file.js";

let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-cli-config-"));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("config file", () => {
  it("reads as empty when it does not exist yet", async () => {
    expect(await readConfig(home)).toEqual(EMPTY_CONFIG);
    expect(currentProfile(EMPTY_CONFIG)).toBeNull();
  });

  it("saves a profile as current and reads it back", async () => {
    await writeConfig(home, withProfile(EMPTY_CONFIG, "local", { bootstrap: "127.0.0.1:9092", dataDir: "/d" }));
    const config = await readConfig(home);
    expect(currentProfile(config)).toEqual({ name: "local", bootstrap: "127.0.0.1:9092", dataDir: "/d" });
    const second = withProfile(config, "remote", { bootstrap: "10.0.0.1:9092" });
    await writeConfig(home, second);
    const reread = await readConfig(home);
    expect(currentProfile(reread)?.name).toBe("remote");
    expect(Object.keys(reread.profiles).sort()).toEqual(["local", "remote"]);
  });

  it("refuses a broken file instead of overwriting it", async () => {
    await writeFile(join(home, "config.json"), "{ nope");
    await expect(readConfig(home)).rejects.toBeInstanceOf(ConfigFileError);
    await writeFile(join(home, "config.json"), JSON.stringify({ version: 1, currentProfile: "x", profiles: { x: { bootstrap: "" } } }));
    await expect(readConfig(home)).rejects.toThrow(/profiles\.x\.bootstrap/);
    expect(await readFile(join(home, "config.json"), "utf8")).toContain('"bootstrap":""');
  });

  it("treats a current profile that is missing from the map as none", () => {
    expect(currentProfile({ version: 1, currentProfile: "gone", profiles: {} })).toBeNull();
  });
});
