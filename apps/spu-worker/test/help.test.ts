import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { FLAGS } from "../src/config.js";
import { ENGINE_ENTRY } from "../src/launch/entry.js";

describe("freshet-spu --help", () => {
  it.each(["--help", "-h"])("%s prints every flag with its environment variable and exits 0", (flag) => {
    const run = spawnSync(process.execPath, [ENGINE_ENTRY, flag], { encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: freshet-spu \[options\]/);
    for (const [name, spec] of Object.entries(FLAGS)) {
      const row = run.stdout.split("\n").find((l) => l.trimStart().startsWith(`--${name} `));
      expect(row, `--${name}`).toBeDefined();
      expect(row).toContain(`(env ${spec.env})`);
    }
  });

  it("still refuses an unknown flag with exit code 2", () => {
    const run = spawnSync(process.execPath, [ENGINE_ENTRY, "--no-such-flag"], { encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--no-such-flag'");
  });
});
