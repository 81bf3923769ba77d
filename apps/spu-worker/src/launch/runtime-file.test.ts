import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseRuntimeFile, readRuntimeFile, runtimeFilePath, writeRuntimeFile } from "./runtime-file.js";

const info = { pid: 42, host: "127.0.0.1", port: 9092, nodeId: 0, startedAt: "2026-01-01T00:00:00.000Z" };

describe("runtime file", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "freshet-launch-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads back what a worker wrote", async () => {
    await writeRuntimeFile(dir, info);
    expect(await readRuntimeFile(dir)).toEqual({ ok: true, info });
  });

  it("says in one sentence why there is nothing to read", async () => {
    expect(await readRuntimeFile(dir)).toEqual({ ok: false, reason: `${runtimeFilePath(dir)} does not exist` });
    await writeFile(runtimeFilePath(dir), '{"pid": 4');
    expect(await readRuntimeFile(dir)).toEqual({ ok: false, reason: `${runtimeFilePath(dir)} is not JSON` });
  });

  it("names the field that is wrong", () => {
    expect(parseRuntimeFile(JSON.stringify({ ...info, port: 0 }), "spu.json")).toEqual({ ok: false, reason: 'spu.json has an invalid "port": Too small: expected number to be >=1' });
    expect(parseRuntimeFile(JSON.stringify({ ...info, host: undefined }), "spu.json")).toEqual({
      ok: false,
      reason: 'spu.json has an invalid "host": Invalid input: expected string, received undefined',
    });
    expect(parseRuntimeFile("[]", "spu.json")).toEqual({ ok: false, reason: "spu.json is not a runtime file: Invalid input: expected object, received array" });
  });
});
