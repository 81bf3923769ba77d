import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { readStatusJson, writeStatusJson } from "./status-file.js";

const schema = z.object({ state: z.enum(["running", "failed"]) });
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "status-file-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("status files", () => {
  it("reads back what overlapping writes left, whole", async () => {
    const path = join(dir, "status.json");
    await Promise.all([writeStatusJson(path, { state: "running" }), writeStatusJson(path, { state: "failed" })]);
    expect(["running", "failed"]).toContain((await readStatusJson(path, schema))?.state);
  });

  it("is undefined when the file is missing, not JSON, or not of the schema", async () => {
    const path = join(dir, "status.json");
    expect(await readStatusJson(path, schema)).toBeUndefined();
    await writeFile(path, "{half");
    expect(await readStatusJson(path, schema)).toBeUndefined();
    await writeFile(path, '{"state":"sleeping"}');
    expect(await readStatusJson(path, schema)).toBeUndefined();
  });
});
