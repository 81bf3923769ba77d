import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./test-support/run-cli.js";

/*
 * The SmartModule development loop in AssemblyScript with the built `freshet`
 * binary: scaffold, build, test. One kind end to end; every kind's template is run
 * in-process by packages/smartmodule/src/smdk/templates.test.ts.
 */

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "freshet-smdk-as-e2e-"));
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe("freshet sm init --lang assemblyscript", () => {
  it("scaffolds a map that builds to a small component and runs on its sample records", { timeout: 120_000 }, async () => {
    const dir = join(work, "shout");
    const init = await runCli(work, ["sm", "init", dir, "--kind", "map", "--lang", "assemblyscript"]);
    expect(init).toEqual({
      code: 0,
      stdout: `created map module in AssemblyScript in ${dir}:\n  README.md\n  package.json\n  records.jsonl\n  src/index.ts\n`,
      stderr: "",
    });

    const build = await runCli(work, ["sm", "build", "--path", dir]);
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/^built dist\/shout\.wasm \(\d+\.\d KiB\) in \d+\.\d+ s(, from the build cache)?\n$/);

    const test = await runCli(work, ["sm", "test", "--path", dir, "--input", join(dir, "records.jsonl"), "--param", "prefix=> "]);
    expect(test).toEqual({ code: 0, stdout: '{"offset":0,"value":"> HELLO"}\n{"offset":1,"key":"k1","value":"> WORLD"}\n', stderr: "" });
  });

  it("refuses a language it does not know in one sentence", async () => {
    const init = await runCli(work, ["sm", "init", join(work, "x"), "--kind", "map", "--lang", "cobol"]);
    expect(init.code).not.toBe(0);
    expect(init.stdout).toBe("");
    expect(init.stderr.trim().split("\n")).toHaveLength(1);
    expect(init.stderr).toContain("--lang");
  });
});
