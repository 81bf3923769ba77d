import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isHubReference } from "./hub-reference.js";
import { needsBuild } from "./staleness.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hub-staleness-"));
  await mkdir(join(dir, "src", "lib"), { recursive: true });
  await mkdir(join(dir, "dist"));
  await writeFile(join(dir, "package.json"), "{}");
  await writeFile(join(dir, "src", "index.ts"), "");
  await writeFile(join(dir, "src", "lib", "deep.ts"), "");
});

afterEach(() => rm(dir, { recursive: true, force: true }));

/** Sets a file's modification time, in seconds from the epoch. */
const touch = (path: string, seconds: number) => utimes(path, seconds, seconds);

describe("needsBuild", () => {
  it("builds when the artifact is missing", async () => {
    expect(await needsBuild(dir, join(dir, "dist", "m.wasm"))).toBe(true);
  });

  it("builds when any source, however deep, or package.json is newer than the artifact", async () => {
    const artifact = join(dir, "dist", "m.wasm");
    await writeFile(artifact, "");
    for (const file of ["package.json", "src/index.ts", "src/lib/deep.ts"]) await touch(join(dir, file), 1_000);
    await touch(artifact, 2_000);
    expect(await needsBuild(dir, artifact)).toBe(false);
    await touch(join(dir, "src/lib/deep.ts"), 3_000);
    expect(await needsBuild(dir, artifact)).toBe(true);
    await touch(join(dir, "src/lib/deep.ts"), 1_000);
    await touch(join(dir, "package.json"), 3_000);
    expect(await needsBuild(dir, artifact)).toBe(true);
  });
});

describe("isHubReference", () => {
  it("takes group/name[@range] for a package, and a path that exists, a .wasm or a deeper path for files", async () => {
    expect(await isHubReference("acme/hot@^1.2")).toBe(true);
    expect(await isHubReference("acme/hot")).toBe(true);
    expect(await isHubReference("acme/hot.wasm")).toBe(false);
    expect(await isHubReference("build/acme/hot")).toBe(false);
    expect(await isHubReference("hot")).toBe(false);
    // A folder named like a package is loaded as the folder it is.
    await mkdir(join(dir, "acme"));
    await mkdir(join(dir, "acme", "hot"));
    expect(await isHubReference("acme/hot", dir)).toBe(false);
    expect(await isHubReference("acme/cold", dir)).toBe(true);
  });
});
